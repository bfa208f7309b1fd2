package taskforce.notification.delivery;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * Every delivery with all its attempts ({@code deliveries}), and the small set of those still to be attempted
 * ({@code pending_deliveries}, keyed by delivery id, with {@code nextAttemptAt}); what falls due is found through
 * the markers per second of {@link DueMarkers}, read by {@code _id}, so the scheduler reads in proportion to what
 * is due, not the pending entries by their time.
 */
@Repository
class Deliveries {

    static final String COLLECTION = "deliveries";
    static final String PENDING = "pending_deliveries";

    record PendingDelivery(String id, Instant nextAttemptAt) {}

    /**
     * The right to attempt a delivery and write its result: {@code token} is the delivery's claim counter as this
     * claim raised it (a fencing token), {@code leaseUntil} the pending entry's time as this claim set it. A later
     * claim raises the counter and moves the time, so every write of an earlier claimant matches nothing.
     */
    /**
     * A claim on a delivery's next attempt, with the delivery as the claim's raise answered it (after the claim, so
     * a result recorded by an earlier claimant is in it); null when the delivery is gone.
     */
    record Claim(String deliveryId, long token, Instant leaseUntil, Delivery delivery) {}

    /** The counter on the delivery document that every claim raises. */
    static final String CLAIM = "claim";

    private final MongoTemplate mongo;

    private final DueMarkers dueMarkers;

    Deliveries(MongoTemplate mongo, DueMarkers dueMarkers, Clock clock) {
        this.mongo = mongo;
        this.dueMarkers = dueMarkers;
        if (!dueMarkers.started()) {
            markPendingRecordedBeforeTheMarkers(clock.instant());
        }
        // what production MongoDB needs for the replay by subscription and the log of old subscriptions
        mongo.getCollection(COLLECTION)
                .createIndex(
                        Indexes.compoundIndex(Indexes.ascending("subscriptionId"), Indexes.ascending("createdAt")));
    }

    boolean insertIfAbsent(Delivery delivery) {
        return DuplicateKeys.insertIfAbsent(mongo, delivery, COLLECTION);
    }

    Optional<Delivery> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Delivery.class, COLLECTION));
    }

    /** Set on a subscription's delivery once {@link SubscriptionDeliveries} lists it. */
    static final String FILED = "filed";

    /** The deliveries with these ids, in the order of the ids: reads by {@code _id} only. */
    List<Delivery> findAll(List<String> ids) {
        Map<String, Delivery> byId = new HashMap<>();
        mongo.find(query(where("_id").in(ids)), Delivery.class, COLLECTION)
                .forEach(delivery -> byId.put(delivery.id(), delivery));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    boolean filed(String id) {
        Document found = mongo.getCollection(COLLECTION)
                .find(new Document("_id", id))
                .projection(new Document(FILED, 1))
                .first();
        return found != null && Boolean.TRUE.equals(found.get(FILED));
    }

    void markFiled(String id) {
        mongo.updateFirst(query(where("_id").is(id)), Update.update(FILED, true), COLLECTION);
    }

    /**
     * A page of a subscription whose deliveries were all recorded before {@link SubscriptionDeliveries} existed:
     * the old filter on {@code subscriptionId} (indexed on production MongoDB), until the subscription's next
     * delivery starts its list.
     */
    List<Delivery> ofSubscriptionRecordedBeforeTheIndex(String subscriptionId, int offset, int size) {
        return mongo.find(
                query(where("subscriptionId").is(subscriptionId))
                        .with(Sort.by(Sort.Order.desc("createdAt")))
                        .skip(offset)
                        .limit(size),
                Delivery.class,
                COLLECTION);
    }

    long countRecordedBeforeTheIndex(String subscriptionId) {
        return mongo.count(query(where("subscriptionId").is(subscriptionId)), COLLECTION);
    }

    /**
     * Records the attempt if the claim is still the delivery's latest; false when another claimant has taken the
     * delivery since (this one's lease lapsed mid-attempt), and then nothing is written.
     */
    boolean recordAttempt(Claim claim, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        return mongo.updateFirst(
                                query(where("_id")
                                        .is(claim.deliveryId())
                                        .and(CLAIM)
                                        .is(claim.token())),
                                new Update()
                                        .push("attempts", attempt)
                                        .set("status", status)
                                        .set("nextAttemptAt", nextAttemptAt),
                                COLLECTION)
                        .getMatchedCount()
                == 1;
    }

    /**
     * Claims a new delivery for an immediate attempt: creates its pending entry already leased until
     * {@code leaseUntil}. Empty when the entry exists (someone else holds or scheduled it).
     */
    Optional<Claim> claimNew(String id, Instant leaseUntil) {
        Instant lease = leaseUntil.truncatedTo(ChronoUnit.MILLIS);
        dueMarkers.mark(id, lease);
        if (!DuplicateKeys.insertIfAbsent(mongo, new PendingDelivery(id, lease), PENDING)) {
            return Optional.empty();
        }
        return Optional.of(raiseClaim(id, lease));
    }

    /**
     * What is due, oldest first, at most {@code limit}: the pending entries the due markers name for the seconds
     * since the last look, read by {@code _id}, and of those the ones whose time has come. The caller offers each
     * for a claim and then reports the window swept ({@link #swept}).
     */
    DueRound due(Instant now, int limit) {
        DueMarkers.Window window = dueMarkers.window(now);
        List<PendingDelivery> due = window.ids().isEmpty()
                ? List.of()
                : mongo.find(query(where("_id").in(window.ids())), PendingDelivery.class, PENDING).stream()
                        .filter(entry -> !entry.nextAttemptAt().isAfter(now))
                        .sorted(java.util.Comparator.comparing(PendingDelivery::nextAttemptAt))
                        .toList();
        boolean complete = due.size() <= limit;
        return new DueRound(window, complete ? due : due.subList(0, limit), complete);
    }

    /**
     * Once per store, the first time a service with due markers starts: every pending entry gets its marker (those
     * overdue in the first second read), then reading begins. Later starts find the cursor and skip this.
     */
    private void markPendingRecordedBeforeTheMarkers(Instant now) {
        Instant firstRead = now.minus(DueMarkers.GRACE);
        for (PendingDelivery entry : mongo.findAll(PendingDelivery.class, PENDING)) {
            Instant at = entry.nextAttemptAt() == null || entry.nextAttemptAt().isBefore(firstRead)
                    ? firstRead
                    : entry.nextAttemptAt();
            dueMarkers.mark(entry.id(), at);
        }
        dueMarkers.start(now);
    }

    /** One round's due entries and the window they came from; {@code complete} when none was left out. */
    record DueRound(DueMarkers.Window window, List<PendingDelivery> entries, boolean complete) {}

    /** Every entry of the round was offered for a claim: the window's old seconds need not be read again. */
    void swept(DueRound round, Instant now) {
        if (round.complete()) {
            dueMarkers.sweptThrough(round.window(), now);
        }
    }

    /**
     * Leases a due entry; only one claimant wins, because the filter checks the time it saw. The winner then raises
     * the delivery's claim counter, which fences off a claimant whose lease lapsed and that is still at work.
     */
    Optional<Claim> claimDue(PendingDelivery entry, Instant leaseUntil) {
        Instant lease = leaseUntil.truncatedTo(ChronoUnit.MILLIS);
        dueMarkers.mark(entry.id(), lease);
        boolean won = mongo.updateFirst(
                                query(where("_id")
                                        .is(entry.id())
                                        .and("nextAttemptAt")
                                        .is(entry.nextAttemptAt())),
                                Update.update("nextAttemptAt", lease),
                                PENDING)
                        .getModifiedCount()
                == 1;
        return won ? Optional.of(raiseClaim(entry.id(), lease)) : Optional.empty();
    }

    /** Raises the delivery's claim counter and keeps the delivery as the raise answered it, for the attempt. */
    private Claim raiseClaim(String id, Instant lease) {
        Document raised = mongo.getCollection(COLLECTION)
                .findOneAndUpdate(
                        new Document("_id", id),
                        new Document("$inc", new Document(CLAIM, 1L)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (raised == null) {
            // a pending entry whose delivery is gone: the attempt finds nothing and removes the entry
            return new Claim(id, 0, lease, null);
        }
        return new Claim(
                id,
                ((Number) raised.get(CLAIM)).longValue(),
                lease,
                mongo.getConverter().read(Delivery.class, raised));
    }

    /** Moves the claimant's pending entry to {@code nextAttemptAt}, unless a later claim holds it now. */
    void reschedule(Claim claim, Instant nextAttemptAt) {
        dueMarkers.mark(claim.deliveryId(), nextAttemptAt);
        mongo.updateFirst(
                query(where("_id").is(claim.deliveryId()).and("nextAttemptAt").is(claim.leaseUntil())),
                Update.update("nextAttemptAt", nextAttemptAt),
                PENDING);
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
        dueMarkers.mark(id, at);
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

    /**
     * Erases deliveries of a purged case (issue 15): their pending entries first, so none is claimed again, then a
     * subscriber's delivery becomes a stub without content or case (its log keeps its place) and a member's e-mail
     * goes. An attempt already under way finds its claim gone and records nothing. By {@code _id} only.
     */
    void erase(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        mongo.remove(query(where("_id").in(ids)), PENDING);
        for (Delivery delivery : mongo.find(query(where("_id").in(ids)), Delivery.class, COLLECTION)) {
            if (delivery.subscriptionId() == null) {
                mongo.remove(query(where("_id").is(delivery.id())), COLLECTION);
                continue;
            }
            Document stub = new Document("_id", delivery.id())
                    .append("subscriptionId", delivery.subscriptionId())
                    .append("eventId", delivery.eventId())
                    .append("channel", delivery.channel().name())
                    .append("status", DeliveryStatus.PURGED.name())
                    .append("attempts", List.of())
                    .append(
                            "createdAt",
                            delivery.createdAt() == null ? null : java.util.Date.from(delivery.createdAt()))
                    .append(FILED, true);
            mongo.getCollection(COLLECTION).replaceOne(new Document("_id", delivery.id()), stub);
        }
    }

    /** Removes the claimant's pending entry, unless a later claim holds it now. */
    void done(Claim claim) {
        mongo.remove(
                query(where("_id").is(claim.deliveryId()).and("nextAttemptAt").is(claim.leaseUntil())), PENDING);
    }
}
