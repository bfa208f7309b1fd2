package taskforce.platform.lease;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * Named leases on scheduled work ({@code leases}, {@code _id} = the work's name), so that of several instances
 * only one runs a given job at a time. A lease is taken by compare-and-set on {@code {_id, generation}} (unique
 * index on exactly those keys, which the in-process store answers from the index) and lapses by itself when its
 * holder dies; a holder renews it by taking it again before it lapses.
 *
 * <p>A lease also carries a small piece of progress ({@code progress}) that only its holder writes, such as how
 * far a pruning job has come, so that the next holder resumes where the last one stopped.
 */
public class Leases {

    public static final String COLLECTION = "leases";

    private final MongoTemplate mongo;
    private final Clock clock;

    public Leases(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        collection().createIndex(Indexes.ascending("_id", "generation"), new IndexOptions().unique(true));
    }

    /** What a holder knows about its lease: when it lapses and the progress it last recorded. */
    public record Lease(String name, String owner, long generation, Instant until, Optional<Object> progress) {}

    /**
     * Takes the lease {@code name} for {@code owner} until now + {@code duration}, if it is free, lapsed or
     * already held by {@code owner}; returns it, or empty if another holder has it.
     *
     * <p>One command: a {@code findOneAndUpdate} by {@code _id} that matches only a lease this owner may take,
     * raises its generation and answers it as taken. A lease another holder has matches nothing, and the upsert
     * then collides on {@code _id}: empty. So taking a lease costs one round trip whether it is free, held or new.
     */
    public Optional<Lease> tryAcquire(String name, String owner, Duration duration) {
        Instant now = clock.instant();
        Instant until = now.plus(duration);
        Document takeable = new Document("_id", name)
                .append(
                        "$or",
                        List.of(
                                new Document("owner", owner),
                                new Document("until", new Document("$lte", Date.from(now)))));
        Document take = new Document("$set", new Document("owner", owner).append("until", Date.from(until)))
                .append("$inc", new Document("generation", 1L));
        Document taken;
        try {
            taken = collection()
                    .findOneAndUpdate(
                            takeable,
                            take,
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        } catch (RuntimeException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return Optional.empty(); // held by another (or created by another at the same moment)
            }
            throw e;
        }
        if (taken == null) {
            return Optional.empty();
        }
        return Optional.of(new Lease(
                name,
                owner,
                ((Number) taken.get("generation")).longValue(),
                until,
                Optional.ofNullable(taken.get("progress"))));
    }

    /** Records the holder's progress, if it still holds the lease; returns whether it did. */
    public boolean recordProgress(Lease lease, Object progress) {
        return collection()
                        .updateOne(
                                new Document("_id", lease.name()).append("generation", lease.generation()),
                                new Document("$set", new Document("progress", progress)),
                                new UpdateOptions())
                        .getModifiedCount()
                == 1;
    }

    /**
     * Gives the lease up at once, if its holder still has it, so that the next claimant need not wait for it to
     * lapse; a holder that dies without releasing only delays the next one until then.
     */
    public void release(Lease lease) {
        collection()
                .updateOne(
                        new Document("_id", lease.name()).append("generation", lease.generation()),
                        new Document(
                                "$set",
                                new Document("until", Date.from(Instant.EPOCH))
                                        .append("generation", lease.generation() + 1)));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
