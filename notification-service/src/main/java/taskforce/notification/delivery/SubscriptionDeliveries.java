package taskforce.notification.delivery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * The ids of each subscription's deliveries in the order they were recorded ({@code subscription_deliveries}), so
 * that the delivery log is paged by exact {@code _id}s, never by a filter on the deliveries' {@code subscriptionId}.
 * As case-service's bucketed index: the head ({@code _id} = subscription id) names the last bucket opened
 * ({@code last}); buckets ({@code _id} = subscription id{@code |}00000000, …) hold at most {@value #BUCKET_SIZE} ids
 * each, appended by an upsert that matches only while the bucket has room, so a full bucket collides on
 * {@code _id} and the id moves to the next, raised in the head first. Every bucket but the last is full, so the
 * number of deliveries, and which buckets hold a page, follow from the head and the last bucket alone.
 */
@Repository
class SubscriptionDeliveries {

    static final String COLLECTION = "subscription_deliveries";
    static final int BUCKET_SIZE = 500;
    private static final String LAST = "last";
    private static final String IDS = "ids";

    /** One page of ids, newest first, and how many the subscription has in all. */
    record Page(List<String> ids, long total) {}

    private final MongoTemplate mongo;

    SubscriptionDeliveries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Files the delivery under its subscription, after those filed before it. */
    void add(String subscriptionId, String deliveryId) {
        Document head = collection().find(Filters.eq("_id", subscriptionId)).first();
        long bucket = head == null || head.get(LAST) == null ? 0 : ((Number) head.get(LAST)).longValue();
        if (head == null) {
            raiseLast(subscriptionId, 0);
        }
        while (true) {
            try {
                collection()
                        .updateOne(
                                Filters.and(
                                        Filters.eq("_id", bucketId(subscriptionId, bucket)),
                                        Filters.exists(IDS + "." + (BUCKET_SIZE - 1), false)),
                                new Document("$addToSet", new Document(IDS, deliveryId)),
                                new UpdateOptions().upsert(true));
                return;
            } catch (RuntimeException e) {
                if (!DuplicateKeys.isDuplicateKey(e)) {
                    throw e;
                }
                bucket++; // this bucket is full
                raiseLast(subscriptionId, bucket);
            }
        }
    }

    /** Whether anything was ever filed for the subscription (deliveries recorded before this index were not). */
    boolean knows(String subscriptionId) {
        return collection().find(Filters.eq("_id", subscriptionId)).first() != null;
    }

    /** The page's ids, newest first: the head, the last bucket, and at most the two buckets the page spans. */
    Page page(String subscriptionId, int offset, int size) {
        Document head = collection().find(Filters.eq("_id", subscriptionId)).first();
        if (head == null || head.get(LAST) == null) {
            return new Page(List.of(), 0);
        }
        long last = ((Number) head.get(LAST)).longValue();
        Map<Long, List<String>> buckets = new HashMap<>();
        buckets.putAll(read(subscriptionId, List.of(last)));
        // a bucket raised in the head but not written yet (its writer is under way) counts as empty
        long total = last * BUCKET_SIZE + buckets.getOrDefault(last, List.of()).size();
        long newest = total - 1 - offset;
        long oldest = Math.max(0, newest - size + 1);
        if (newest < 0) {
            return new Page(List.of(), total);
        }
        List<Long> needed = new ArrayList<>();
        for (long bucket = oldest / BUCKET_SIZE; bucket <= newest / BUCKET_SIZE; bucket++) {
            if (!buckets.containsKey(bucket)) {
                needed.add(bucket);
            }
        }
        buckets.putAll(read(subscriptionId, needed));
        List<String> ids = new ArrayList<>();
        for (long position = newest; position >= oldest; position--) {
            List<String> bucket = buckets.getOrDefault(position / BUCKET_SIZE, List.of());
            int within = (int) (position % BUCKET_SIZE);
            if (within < bucket.size()) {
                ids.add(bucket.get(within));
            }
        }
        return new Page(ids, total);
    }

    private Map<Long, List<String>> read(String subscriptionId, List<Long> buckets) {
        Map<Long, List<String>> found = new HashMap<>();
        if (buckets.isEmpty()) {
            return found;
        }
        Map<String, Long> byId = new HashMap<>();
        buckets.forEach(bucket -> byId.put(bucketId(subscriptionId, bucket), bucket));
        collection()
                .find(Filters.in("_id", byId.keySet()))
                .forEach(bucket ->
                        found.put(byId.get(bucket.getString("_id")), bucket.getList(IDS, String.class, List.of())));
        return found;
    }

    private void raiseLast(String subscriptionId, long bucket) {
        collection()
                .updateOne(
                        Filters.eq("_id", subscriptionId),
                        new Document("$max", new Document(LAST, bucket)),
                        new UpdateOptions().upsert(true));
    }

    static String bucketId(String subscriptionId, long bucket) {
        return subscriptionId + "|" + String.format("%08d", bucket);
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
