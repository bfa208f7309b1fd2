package taskforce.notification.inbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.DuplicateKeys;

@Repository
public class Notifications {

    static final String COLLECTION = "notifications";

    /**
     * Set on an entry once its member's stream holds it and counts it ({@link MemberStreams}): an entry without it
     * was stored by a consumer that stopped before that second write, and the redelivered event finishes it.
     */
    static final String STREAMED = "streamSeq";

    /** Set on an entry once its read was counted; a read entry without it is counted at the next read asked. */
    static final String READ_COUNTED = "readCounted";

    /** A page of one member's inbox, newest first, and how many entries the whole filter holds. */
    record Page(List<Notification> items, long total) {}

    /** A case's entries in one member's inbox: how many, how many unread, the newest. */
    record CaseCount(String caseId, String caseNumber, long total, long unread, Instant latestAt) {}

    private final MongoTemplate mongo;

    Notifications(MongoTemplate mongo) {
        this.mongo = mongo;
        // what production MongoDB needs for the inbox's pages and groups (the in-process store ignores them)
        mongo.getCollection(COLLECTION)
                .createIndex(Indexes.compoundIndex(
                        Indexes.ascending("memberId"),
                        Indexes.ascending("readAt"),
                        Indexes.descending("createdAt"),
                        Indexes.descending("_id")));
        mongo.getCollection(COLLECTION)
                .createIndex(Indexes.compoundIndex(
                        Indexes.ascending("memberId"), Indexes.descending("createdAt"), Indexes.descending("_id")));
        mongo.getCollection(COLLECTION)
                .createIndex(Indexes.compoundIndex(
                        Indexes.ascending("memberId"), Indexes.ascending("caseId"), Indexes.descending("createdAt")));
    }

    /** Inserts unless an entry with this id exists; returns whether it was new. */
    boolean insertIfAbsent(Notification notification) {
        return DuplicateKeys.insertIfAbsent(mongo, notification, COLLECTION);
    }

    Optional<Notification> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Notification.class, COLLECTION));
    }

    List<Notification> ofMember(String memberId, boolean unreadOnly) {
        Query query = unreadOnly
                ? query(where("memberId").is(memberId).and("readAt").is(null))
                : query(where("memberId").is(memberId));
        return mongo.find(
                query.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id"))),
                Notification.class,
                COLLECTION);
    }

    /** Sets readAt once; a second read keeps the first time. Returns whether this call marked it. */
    boolean markRead(String id, Instant at) {
        return mongo.updateFirst(
                                query(where("_id").is(id).and("readAt").is(null)),
                                Update.update("readAt", at),
                                COLLECTION)
                        .getModifiedCount()
                > 0;
    }

    /** Marks every unread entry of the member (of one case, when given) read; returns how many it marked. */
    long markAllRead(String memberId, String caseId, Instant at) {
        return mongo.updateMulti(query(criteria(memberId, true, caseId)), Update.update("readAt", at), COLLECTION)
                .getModifiedCount();
    }

    Page page(String memberId, boolean unreadOnly, String caseId, int offset, int size) {
        Query filter = query(criteria(memberId, unreadOnly, caseId));
        long total = mongo.count(filter, COLLECTION);
        List<Notification> items = mongo.find(
                query(criteria(memberId, unreadOnly, caseId))
                        .with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id")))
                        .skip(offset)
                        .limit(size),
                Notification.class,
                COLLECTION);
        return new Page(items, total);
    }

    /** The member's entries grouped by case, the case with the newest entry first. */
    List<CaseCount> byCase(String memberId, boolean unreadOnly) {
        Map<String, Long> unread = new HashMap<>();
        for (Document group : groups(criteria(memberId, true, null))) {
            unread.put(group.getString("_id"), ((Number) group.get("total")).longValue());
        }
        List<CaseCount> counts = new ArrayList<>();
        for (Document group : groups(criteria(memberId, unreadOnly, null))) {
            String caseId = group.getString("_id");
            Object latest = group.get("latestAt");
            counts.add(new CaseCount(
                    caseId,
                    group.getString("caseNumber"),
                    ((Number) group.get("total")).longValue(),
                    unread.getOrDefault(caseId, 0L),
                    latest instanceof Date date ? date.toInstant() : null));
        }
        counts.sort(
                Comparator.comparing(CaseCount::latestAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
        return counts;
    }

    /** The entry with whether its stream holds it and whether its read was counted. */
    record Stored(Notification notification, boolean streamed, boolean readCounted) {}

    Optional<Stored> findStored(String id) {
        Document found = mongo.findById(id, Document.class, COLLECTION);
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(
                mongo.getConverter().read(Notification.class, found),
                found.get(STREAMED) != null,
                Boolean.TRUE.equals(found.get(READ_COUNTED))));
    }

    /** The entries with these ids that exist, with their stream marks: one read by {@code _id}. */
    List<Stored> findAllStored(Collection<String> ids) {
        List<Stored> found = new ArrayList<>();
        for (Document entry : mongo.find(query(where("_id").in(ids)), Document.class, COLLECTION)) {
            found.add(new Stored(
                    mongo.getConverter().read(Notification.class, entry),
                    entry.get(STREAMED) != null,
                    Boolean.TRUE.equals(entry.get(READ_COUNTED))));
        }
        return found;
    }

    void deleteAll(Collection<String> ids) {
        mongo.remove(query(where("_id").in(ids)), COLLECTION);
    }

    void markStreamed(String id, long seq) {
        mongo.updateFirst(query(where("_id").is(id)), Update.update(STREAMED, seq), COLLECTION);
    }

    void markReadCounted(Collection<String> ids) {
        if (!ids.isEmpty()) {
            mongo.updateMulti(query(where("_id").in(ids)), Update.update(READ_COUNTED, true), COLLECTION);
        }
    }

    /**
     * The ids of the member's read entries (of one case, when given) that their stream counted as unread and whose
     * read is not counted yet: those just marked, and any a crash left uncounted.
     */
    List<String> readUncountedIds(String memberId, String caseId) {
        Query uncounted = query(where("memberId")
                .is(memberId)
                .and("readAt")
                .ne(null)
                .and(STREAMED)
                .exists(true)
                .and(READ_COUNTED)
                .ne(true));
        if (caseId != null) {
            uncounted.addCriteria(where("caseId").is(caseId));
        }
        uncounted.fields().include("_id");
        return mongo.find(uncounted, Document.class, COLLECTION).stream()
                .map(found -> found.getString("_id"))
                .toList();
    }

    /** How many of the member's entries are unread, counted over the inbox: for a stream that never counted. */
    long countUnread(String memberId) {
        return mongo.count(query(criteria(memberId, true, null)), COLLECTION);
    }

    /**
     * The member's unread entries already in the stream: what a stream's first counted write starts from. Entries
     * stored but not streamed yet are left out, since each counts itself when it is streamed; counting them here
     * too would count them twice when they are delivered at the same moment as the first.
     */
    long countUnreadStreamed(String memberId) {
        return mongo.count(query(criteria(memberId, true, null).and(STREAMED).exists(true)), COLLECTION);
    }

    private List<Document> groups(Criteria filter) {
        // only $match and $group with $sum, $first and $max: the same on MongoDB and on the in-process store
        Aggregation grouping = Aggregation.newAggregation(
                Aggregation.match(filter),
                Aggregation.group("caseId")
                        .first("caseNumber")
                        .as("caseNumber")
                        .count()
                        .as("total")
                        .max("createdAt")
                        .as("latestAt"));
        return mongo.aggregate(grouping, COLLECTION, Document.class).getMappedResults();
    }

    private static Criteria criteria(String memberId, boolean unreadOnly, String caseId) {
        Criteria filter = where("memberId").is(memberId);
        if (unreadOnly) {
            filter = filter.and("readAt").is(null);
        }
        if (caseId != null) {
            filter = filter.and("caseId").is(caseId);
        }
        return filter;
    }
}
