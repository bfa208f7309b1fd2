package taskforce.platform.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * The aggregates that may have events waiting in their outbox ({@value #COLLECTION}, {@code _id =
 * collection|aggregateId}), so the relay finds pending work in proportion to what is pending instead of scanning
 * the aggregates (ADR 0008).
 *
 * <p>A writer marks an aggregate before its write and takes the marker's new {@code stamp}, which the write
 * stores in the aggregate; a marker is removed only once the aggregate's outbox is empty and the aggregate holds
 * the marker's stamp, guarded by {@code {_id, stamp}}. So a crash can leave a marker with nothing behind it, which
 * the relay removes, but never an event without a marker. A marker also carries the lease of the relay working it
 * ({@code owner}, {@code until}, guarded by {@code {_id, lease}}), so one relay works an aggregate at a time.
 */
public class PendingMarkers {

    public static final String COLLECTION = "outbox_pending";

    private final MongoTemplate mongo;
    private final Clock clock;

    public PendingMarkers(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        markers().createIndex(Indexes.ascending("_id", "stamp"), new IndexOptions().unique(true));
        markers().createIndex(Indexes.ascending("_id", "lease"), new IndexOptions().unique(true));
    }

    /** One marker as read: its stamp, when a writer last touched it and who holds its lease until when. */
    public record Marker(
            String id,
            String collection,
            String aggregateId,
            long stamp,
            Instant touchedAt,
            long lease,
            String owner,
            Instant until) {

        boolean heldByAnotherThan(String relay, Instant now) {
            return owner != null && !owner.equals(relay) && until.isAfter(now);
        }
    }

    static String id(String collection, String aggregateId) {
        return collection + "|" + aggregateId;
    }

    /**
     * Marks the aggregate pending (a writer does this before its write); returns the stamp the write records. A new
     * marker is leased at once to the writer's own relay, which relays it next, saving it a claim.
     */
    public long mark(String collection, String aggregateId, String relay, Duration lease) {
        return markAndRead(collection, aggregateId, relay, lease).stamp();
    }

    /**
     * As {@link #mark}, answering the marker as the mark left it (its stamp, and whose lease it is under), which
     * the writer hands its relay so that the relay need not read it back.
     */
    public Marker markAndRead(String collection, String aggregateId, String relay, Duration lease) {
        Instant now = clock.instant();
        Document update = new Document("$inc", new Document("stamp", 1L))
                .append("$set", new Document("touchedAt", Date.from(now)))
                .append(
                        "$setOnInsert",
                        new Document("collection", collection)
                                .append("aggregateId", aggregateId)
                                .append("lease", 0L)
                                .append("owner", relay)
                                .append("until", Date.from(now.plus(lease))));
        FindOneAndUpdateOptions upsert =
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        Document marked;
        try {
            marked = markers().findOneAndUpdate(new Document("_id", id(collection, aggregateId)), update, upsert);
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // two writers created it at the same moment; the second one now finds it
            marked = markers().findOneAndUpdate(new Document("_id", id(collection, aggregateId)), update, upsert);
        }
        return of(marked);
    }

    public Marker find(String collection, String aggregateId) {
        return of(
                markers().find(new Document("_id", id(collection, aggregateId))).first());
    }

    /** Up to {@code limit} markers; the collection holds only what is pending, so this reads only that. */
    public List<Marker> list(int limit) {
        List<Marker> found = new ArrayList<>();
        markers().find().limit(limit).forEach(doc -> found.add(of(doc)));
        return found;
    }

    /**
     * Takes the marker's lease for {@code relay} if nobody else holds it, or renews it if less than half of it is
     * left; returns the marker as held, or null.
     */
    public Marker claim(Marker marker, String relay, Duration duration) {
        Instant now = clock.instant();
        if (marker.heldByAnotherThan(relay, now)) {
            return null;
        }
        if (relay.equals(marker.owner()) && marker.until().isAfter(now.plus(duration.dividedBy(2)))) {
            return marker; // leased to this relay when it was marked, or in an earlier round, with time to spare
        }
        Instant until = now.plus(duration);
        long modified = markers()
                .updateOne(
                        new Document("_id", marker.id()).append("lease", marker.lease()),
                        new Document(
                                "$set",
                                new Document("owner", relay)
                                        .append("until", Date.from(until))
                                        .append("lease", marker.lease() + 1)))
                .getModifiedCount();
        if (modified != 1) {
            return null;
        }
        return new Marker(
                marker.id(),
                marker.collection(),
                marker.aggregateId(),
                marker.stamp(),
                marker.touchedAt(),
                marker.lease() + 1,
                relay,
                until);
    }

    /** Gives the lease back so another instance's relay need not wait for it to lapse. */
    public void release(Marker held) {
        markers()
                .updateOne(
                        new Document("_id", held.id()).append("lease", held.lease()),
                        new Document(
                                "$set",
                                new Document("owner", null)
                                        .append("until", new Date(0))
                                        .append("lease", held.lease() + 1)));
    }

    /** Removes the marker unless a writer has marked it again since it was read; returns whether it did. */
    public boolean removeIfUnchanged(Marker marker) {
        return markers()
                        .deleteOne(new Document("_id", marker.id()).append("stamp", marker.stamp()))
                        .getDeletedCount()
                == 1;
    }

    private MongoCollection<Document> markers() {
        return mongo.getCollection(COLLECTION);
    }

    private static Marker of(Document doc) {
        if (doc == null) {
            return null;
        }
        Date until = doc.getDate("until");
        return new Marker(
                doc.getString("_id"),
                doc.getString("collection"),
                doc.getString("aggregateId"),
                ((Number) doc.get("stamp")).longValue(),
                doc.getDate("touchedAt").toInstant(),
                ((Number) doc.getOrDefault("lease", 0L)).longValue(),
                doc.getString("owner"),
                until == null ? Instant.EPOCH : until.toInstant());
    }
}
