package taskforce.notification.delivery;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * Every delivery with all its attempts ({@code deliveries}), and the small set of those still to be attempted
 * ({@code pending_deliveries}, keyed by delivery id, with {@code nextAttemptAt}): the scheduler scans only the
 * latter, which stays small because entries leave it when their delivery is done.
 */
@Repository
class Deliveries {

    static final String COLLECTION = "deliveries";
    static final String PENDING = "pending_deliveries";

    record PendingDelivery(String id, Instant nextAttemptAt) {}

    private final MongoTemplate mongo;

    Deliveries(MongoTemplate mongo) {
        this.mongo = mongo;
        // a subscription's delivery log; the due attempts (pending entries only, so few, but read every second)
        mongo.getCollection(COLLECTION)
                .createIndex(com.mongodb.client.model.Indexes.ascending("subscriptionId", "createdAt"));
        mongo.getCollection(PENDING).createIndex(com.mongodb.client.model.Indexes.ascending("nextAttemptAt"));
    }

    boolean insertIfAbsent(Delivery delivery) {
        return DuplicateKeys.insertIfAbsent(mongo, delivery, COLLECTION);
    }

    Optional<Delivery> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Delivery.class, COLLECTION));
    }

    List<Delivery> ofSubscription(String subscriptionId) {
        return mongo.find(
                query(where("subscriptionId").is(subscriptionId)).with(Sort.by(Sort.Order.desc("createdAt"))),
                Delivery.class,
                COLLECTION);
    }

    void recordAttempt(String id, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        mongo.updateFirst(
                query(where("_id").is(id)),
                new Update().push("attempts", attempt).set("status", status).set("nextAttemptAt", nextAttemptAt),
                COLLECTION);
    }

    /**
     * Claims a new delivery for an immediate attempt: creates its pending entry already leased until
     * {@code leaseUntil}. False when the entry exists (someone else holds or scheduled it).
     */
    boolean claimNew(String id, Instant leaseUntil) {
        return DuplicateKeys.insertIfAbsent(mongo, new PendingDelivery(id, leaseUntil), PENDING);
    }

    List<PendingDelivery> due(Instant now, int limit) {
        return mongo.find(
                query(where("nextAttemptAt").lte(now))
                        .with(Sort.by("nextAttemptAt"))
                        .limit(limit),
                PendingDelivery.class,
                PENDING);
    }

    /** Leases a due entry; only one claimant wins, because the filter checks the time it saw. */
    boolean claimDue(PendingDelivery entry, Instant leaseUntil) {
        return mongo.updateFirst(
                                query(where("_id")
                                        .is(entry.id())
                                        .and("nextAttemptAt")
                                        .is(entry.nextAttemptAt())),
                                Update.update("nextAttemptAt", leaseUntil),
                                PENDING)
                        .getModifiedCount()
                == 1;
    }

    void reschedule(String id, Instant nextAttemptAt) {
        mongo.updateFirst(query(where("_id").is(id)), Update.update("nextAttemptAt", nextAttemptAt), PENDING);
    }

    /** Marks a finished delivery for one more attempt; false when it is not finished (or is withheld for good). */
    boolean markReplaying(String id) {
        return mongo.updateFirst(
                                query(where("_id")
                                        .is(id)
                                        .and("status")
                                        .in(DeliveryStatus.SUCCEEDED, DeliveryStatus.DEAD, DeliveryStatus.REPLAYING)),
                                Update.update("status", DeliveryStatus.REPLAYING),
                                COLLECTION)
                        .getMatchedCount()
                == 1;
    }

    /** Puts the delivery in front of the scan at {@code at}, whether or not it had a pending entry. */
    void scheduleAt(String id, Instant at) {
        mongo.upsert(query(where("_id").is(id)), Update.update("nextAttemptAt", at), PENDING);
    }

    List<Delivery> ofSubscriptionSince(String subscriptionId, Instant since) {
        return mongo.find(
                query(where("subscriptionId")
                                .is(subscriptionId)
                                .and("createdAt")
                                .gte(since))
                        .with(Sort.by("createdAt")),
                Delivery.class,
                COLLECTION);
    }

    void done(String id) {
        mongo.remove(query(where("_id").is(id)), PENDING);
    }
}
