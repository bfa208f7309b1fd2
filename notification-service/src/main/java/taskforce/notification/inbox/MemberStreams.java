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
import java.util.function.LongSupplier;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;
import taskforce.notification.NotificationProperties;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * One document per member ({@code member_streams}, {@code _id} = member id): a sequence number, the last
 * {@code notification.stream.held-entries} notifications, each under the number it was given, and the member's
 * unread count. Every instance's poller reads these by {@code _id}, so a member's live stream is fed whichever
 * instance consumed the event, and the numbers are the SSE ids a reconnecting browser sends back as
 * {@code Last-Event-ID}.
 *
 * <p>Every change is a compare-and-set on {@code {_id, version}} (a unique index on exactly those keys, so the
 * in-process store answers the filter from an index, as for {@code leases}); two instances writing for one member
 * at once both succeed, one after the other. The unread count moves in the same write as the entry it counts, and
 * a read is counted once per notification id (the ids of the latest reads are kept with it): so replaying the
 * write after a crash, a redelivered event or a second click, counts nothing twice.
 */
@Repository
class MemberStreams {

    static final String COLLECTION = "member_streams";

    /** A stream sees few appends at once (one member's notifications); this many conflicts in a row is a fault. */
    private static final int MAX_ATTEMPTS = 50;

    /** How many counted reads are remembered: far more than a retried click or a crashed request could repeat. */
    static final int READS_KEPT = 500;

    record Entry(long seq, Notification notification) {}

    /** A member's stream as held: {@code seq} is the number of the newest entry (0 for a stream never written). */
    record Held(
            String memberId,
            boolean stored,
            long version,
            long seq,
            List<Entry> entries,
            Long unread,
            List<String> reads) {

        static Held empty(String memberId) {
            return new Held(memberId, false, 0, 0, List.of(), null, List.of());
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

    /**
     * The stored shape; {@code id} is the member id. {@code unread} is absent on a stream written before it counted,
     * and counted once from the inbox when next written. {@code reads} are the ids whose reads were counted last.
     */
    record StreamDocument(String id, long version, long seq, List<Entry> entries, Long unread, List<String> reads) {}

    private final MongoTemplate mongo;
    private final int heldEntries;

    MemberStreams(MongoTemplate mongo, NotificationProperties properties) {
        this.mongo = mongo;
        this.heldEntries = Math.max(1, properties.stream().heldEntries());
        mongo.getCollection(COLLECTION)
                .createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
    }

    /**
     * Appends the notification under the next number and returns that number, the unread count one higher in the
     * same write if it is unread; a notification the stream holds already keeps the number it has, so appending
     * again after a crash or a redelivered event changes nothing. {@code countedFromInbox} counts the inbox's
     * unread entries already streamed, and this one, once, for a stream that has not counted yet.
     */
    long append(Notification notification, LongSupplier countedFromInbox) {
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
            long unread = current.unread() == null
                    ? countedFromInbox.getAsLong()
                    : current.unread() + (notification.unread() ? 1 : 0);
            if (write(
                    current, new StreamDocument(memberId, current.version() + 1, seq, kept, unread, current.reads()))) {
                return seq;
            }
        }
        throw conflicts(memberId);
    }

    /**
     * Counts these notifications read, each once however often it is asked (a repeat after a crash between
     * marking and counting, or a second click), in one write. A stream that has not counted yet counts later.
     */
    void countRead(String memberId, Collection<String> notificationIds) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Held current = find(memberId);
            if (current.unread() == null) {
                return;
            }
            List<String> newlyRead = notificationIds.stream()
                    .distinct()
                    .filter(id -> !current.reads().contains(id))
                    .toList();
            if (newlyRead.isEmpty()) {
                return;
            }
            List<String> reads = new ArrayList<>(current.reads());
            reads.addAll(newlyRead);
            List<String> kept = reads.subList(Math.max(0, reads.size() - READS_KEPT), reads.size());
            long unread = Math.max(0, current.unread() - newlyRead.size());
            if (write(
                    current,
                    new StreamDocument(
                            memberId, current.version() + 1, current.seq(), current.entries(), unread, kept))) {
                return;
            }
        }
        throw conflicts(memberId);
    }

    /**
     * Takes a purged case's entries out of the member's stream and counts down the unread ones it still counted
     * ({@code countedUnread}), each once: an erased entry's id joins the counted reads, so a repeat after a crash
     * changes nothing. One compare-and-set write, as every change of a stream.
     */
    void erase(String memberId, String caseId, Collection<String> countedUnread) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Held current = find(memberId);
            if (!current.stored()) {
                return;
            }
            List<Entry> entries = current.entries().stream()
                    .filter(entry -> !caseId.equals(entry.notification().caseId()))
                    .toList();
            List<String> newlyCounted = current.unread() == null
                    ? List.of()
                    : countedUnread.stream()
                            .distinct()
                            .filter(id -> !current.reads().contains(id))
                            .toList();
            if (entries.size() == current.entries().size() && newlyCounted.isEmpty()) {
                return;
            }
            List<String> reads = new ArrayList<>(current.reads());
            reads.addAll(newlyCounted);
            List<String> kept = reads.subList(Math.max(0, reads.size() - READS_KEPT), reads.size());
            Long unread = current.unread() == null ? null : Math.max(0, current.unread() - newlyCounted.size());
            if (write(
                    current,
                    new StreamDocument(memberId, current.version() + 1, current.seq(), entries, unread, kept))) {
                return;
            }
        }
        throw conflicts(memberId);
    }

    /** The member's unread count: one read by {@code _id}, or {@code countedFromInbox} until the stream counts. */
    long unread(String memberId, LongSupplier countedFromInbox) {
        Held held = find(memberId);
        return held.unread() == null ? countedFromInbox.getAsLong() : Math.max(0, held.unread());
    }

    /** The first write of a stream creates it; every later one is conditional on the version it read. */
    private boolean write(Held current, StreamDocument next) {
        if (!current.stored()) {
            // false: another instance created it at the same moment, and the caller reads it again
            return DuplicateKeys.insertIfAbsent(mongo, next, COLLECTION);
        }
        return mongo.replace(
                                query(where("_id")
                                        .is(current.memberId())
                                        .and("version")
                                        .is(current.version())),
                                next,
                                COLLECTION)
                        .getModifiedCount()
                == 1;
    }

    private static IllegalStateException conflicts(String memberId) {
        return new IllegalStateException("the stream of member " + memberId + " changed under every attempt");
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
                document.id(),
                true,
                document.version(),
                document.seq(),
                document.entries() == null ? List.of() : document.entries(),
                document.unread(),
                document.reads() == null ? List.of() : document.reads());
    }
}
