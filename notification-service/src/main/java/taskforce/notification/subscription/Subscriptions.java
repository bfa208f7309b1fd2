package taskforce.notification.subscription;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Subscriptions, and an index from scope ({@code case:<id>}, {@code task-force:<id>}) to subscription ids kept in
 * {@code _id} of {@code subscription_scopes}, so that matching an event costs one read by {@code _id} (both of its
 * scopes) and one per subscription, on any MongoDB.
 */
@Repository
public class Subscriptions {

    static final String COLLECTION = "subscriptions";
    static final String SCOPES = "subscription_scopes";
    private static final String IDS = "subscriptionIds";

    private final MongoTemplate mongo;

    Subscriptions(MongoTemplate mongo) {
        this.mongo = mongo;
        // an agency's subscriptions (its page, and the count its limit is checked against)
        mongo.getCollection(COLLECTION)
                .createIndex(com.mongodb.client.model.Indexes.ascending("agencyId", "createdAt", "_id"));
    }

    /**
     * The index entry first, then the subscription: a failure in between leaves an id in the index that
     * {@link #matching} skips (and the caller, who got no 201, retries), never a subscription that silently
     * receives nothing.
     */
    void add(Subscription subscription) {
        mongo.upsert(
                query(where("_id").is(subscription.scope().indexKey())),
                new Update().addToSet(IDS, subscription.id()),
                SCOPES);
        mongo.insert(subscription, COLLECTION);
    }

    public Optional<Subscription> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Subscription.class, COLLECTION));
    }

    List<Subscription> ofAgency(String agencyId) {
        return mongo.find(
                query(where("agencyId").is(agencyId)).with(Sort.by("createdAt", "_id")),
                Subscription.class,
                COLLECTION);
    }

    long countOfAgency(String agencyId) {
        return mongo.count(query(where("agencyId").is(agencyId)), COLLECTION);
    }

    List<Subscription> all() {
        return mongo.find(new Query().with(Sort.by("createdAt", "_id")), Subscription.class, COLLECTION);
    }

    public List<Subscription> matching(String caseId, String taskForceId) {
        List<String> keys = SubscriptionScope.keysMatching(caseId, taskForceId);
        if (keys.isEmpty()) {
            return List.of();
        }
        // the case's and the task force's entries in one read by _id, taken in the scopes' order whatever the store's
        Map<Object, Document> entries = new HashMap<>();
        mongo.find(query(where("_id").in(keys)), Document.class, SCOPES)
                .forEach(entry -> entries.put(entry.get("_id"), entry));
        Set<String> ids = new LinkedHashSet<>();
        for (String key : keys) {
            Document entry = entries.get(key);
            if (entry != null && entry.getList(IDS, String.class) != null) {
                ids.addAll(entry.getList(IDS, String.class));
            }
        }
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    boolean remove(String id) {
        Subscription subscription = find(id).orElse(null);
        if (subscription == null) {
            return false;
        }
        unindex(subscription);
        mongo.remove(query(where("_id").is(id)), COLLECTION);
        return true;
    }

    /** A verified e-mail subscription starts receiving; false if it was not waiting for verification. */
    boolean activate(String id) {
        return mongo.updateFirst(
                                query(where("_id").is(id).and("status").is(SubscriptionStatus.PENDING_VERIFICATION)),
                                Update.update("status", SubscriptionStatus.ACTIVE),
                                COLLECTION)
                        .getModifiedCount()
                == 1;
    }

    /** Stops deliveries to a receiver that said it is gone, keeping the subscription visible with the reason. */
    public void disable(String id, String reason, Instant at) {
        find(id).ifPresent(subscription -> {
            mongo.updateFirst(
                    query(where("_id").is(id).and("status").is(SubscriptionStatus.ACTIVE)),
                    new Update()
                            .set("status", SubscriptionStatus.DISABLED)
                            .set("disabledAt", at)
                            .set("disabledReason", reason),
                    COLLECTION);
            if (subscription.scope().caseId() == null) {
                // a case's subscriptions stay listed under it (matching passes over one not ACTIVE), so that a
                // purge of the case finds and ends every one of them by _id
                unindex(subscription);
            }
        });
    }

    /**
     * Ends the subscriptions to one case, which was purged (issue 15): each is DISABLED with the reason and loses the
     * case's id from its scope, and the scope's index entry goes. A case's subscriptions stay in its index entry when
     * disabled for another reason (see {@link #disable}), so every one is found here by {@code _id}.
     */
    public void endCaseScope(String caseId, Instant at) {
        String key = new SubscriptionScope(caseId, null).indexKey();
        Document entry = mongo.findById(key, Document.class, SCOPES);
        List<String> ids = entry == null ? null : entry.getList(IDS, String.class);
        if (ids != null && !ids.isEmpty()) {
            mongo.updateMulti(
                    query(where("_id").in(ids)),
                    new Update()
                            .set("status", SubscriptionStatus.DISABLED)
                            .set("disabledAt", at)
                            .set("disabledReason", CASE_PURGED)
                            .unset("scope.caseId"),
                    COLLECTION);
        }
        mongo.remove(query(where("_id").is(key)), SCOPES);
    }

    static final String CASE_PURGED = "the case it followed was purged";

    private void unindex(Subscription subscription) {
        mongo.updateFirst(
                query(where("_id").is(subscription.scope().indexKey())),
                new Update().pull(IDS, Objects.requireNonNull(subscription.id())),
                SCOPES);
    }
}
