package taskforce.notification.inbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import taskforce.notification.NotificationProperties;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * One document per member ({@code member_streams}, {@code _id} = member id): a sequence number and the last
 * {@code notification.stream.held-entries} notifications, each under the number it was given. Every instance's
 * poller reads these by {@code _id}, so a member's live stream is fed whichever instance consumed the event, and
 * the numbers are the SSE ids a reconnecting browser sends back as {@code Last-Event-ID}.
 *
 * <p>Entries are appended by compare-and-set on {@code {_id, seq}} (a unique index on exactly those keys, so the
 * in-process store answers the filter from an index, as for {@code leases}); two instances appending for one
 * member at once both succeed, one after the other, each entry under a number of its own.
 */
@Repository
class MemberStreams {

    static final String COLLECTION = "member_streams";

    /** A stream sees few appends at once (one member's notifications); this many conflicts in a row is a fault. */
    private static final int MAX_ATTEMPTS = 50;

    record Entry(long seq, Notification notification) {}

    /** A member's stream as held: {@code seq} is the number of the newest entry (0 for a stream never written). */
    record Held(String memberId, boolean stored, long seq, List<Entry> entries) {

        static Held empty(String memberId) {
            return new Held(memberId, false, 0, List.of());
        }

        /** The number of the oldest entry still held; entries before it are gone. */
        long oldestHeld() {
            return entries.isEmpty() ? seq + 1 : entries.get(0).seq();
        }

        Optional<Entry> entryOf(String notificationId) {
            return entries.stream()
                    .filter(entry -> entry.notification().id().equals(notificationId))
                    .findFirst();
        }
    }

    /** The stored shape; {@code id} is the member id. */
    record StreamDocument(String id, long seq, List<Entry> entries) {}

    private final MongoTemplate mongo;
    private final int heldEntries;

    MemberStreams(MongoTemplate mongo, NotificationProperties properties) {
        this.mongo = mongo;
        this.heldEntries = Math.max(1, properties.stream().heldEntries());
        mongo.getCollection(COLLECTION).createIndex(Indexes.ascending("_id", "seq"), new IndexOptions().unique(true));
    }

    /**
     * Appends the notification under the next number and returns that number; a notification the stream holds
     * already keeps the number it has, so appending again after a crash or a redelivered event changes nothing.
     */
    long append(Notification notification) {
        String memberId = notification.memberId();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Held current = find(memberId);
            Optional<Entry> already = current.entryOf(notification.id());
            if (already.isPresent()) {
                return already.get().seq();
            }
            long seq = current.seq() + 1;
            List<Entry> entries = new ArrayList<>(current.entries());
            entries.add(new Entry(seq, notification));
            List<Entry> kept = entries.subList(Math.max(0, entries.size() - heldEntries), entries.size());
            if (!current.stored()) {
                if (DuplicateKeys.insertIfAbsent(mongo, new StreamDocument(memberId, seq, kept), COLLECTION)) {
                    return seq;
                }
                continue; // another instance wrote the first entry at the same moment
            }
            long modified = mongo.updateFirst(
                            query(where("_id").is(memberId).and("seq").is(current.seq())),
                            new Update().set("seq", seq).set("entries", kept),
                            COLLECTION)
                    .getModifiedCount();
            if (modified == 1) {
                return seq;
            }
        }
        throw new IllegalStateException("the stream of member " + memberId + " changed under every attempt");
    }

    Held find(String memberId) {
        StreamDocument found = mongo.findById(memberId, StreamDocument.class, COLLECTION);
        return found == null ? Held.empty(memberId) : held(found);
    }

    /** The newest number of each stream, without the entries: what a poller asks every round. */
    Map<String, Long> heads(Collection<String> memberIds) {
        Query heads = query(where("_id").in(memberIds));
        heads.fields().include("seq");
        Map<String, Long> seqs = new HashMap<>();
        for (Document head : mongo.find(heads, Document.class, COLLECTION)) {
            seqs.put(head.getString("_id"), ((Number) head.get("seq")).longValue());
        }
        return seqs;
    }

    /** The streams of these members with their entries, in one read ({@code $in} on {@code _id}). */
    Map<String, Held> findAll(Collection<String> memberIds) {
        Map<String, Held> found = new HashMap<>();
        for (StreamDocument document :
                mongo.find(query(where("_id").in(memberIds)), StreamDocument.class, COLLECTION)) {
            found.put(document.id(), held(document));
        }
        return found;
    }

    private static Held held(StreamDocument document) {
        return new Held(
                document.id(), true, document.seq(), document.entries() == null ? List.of() : document.entries());
    }
}
