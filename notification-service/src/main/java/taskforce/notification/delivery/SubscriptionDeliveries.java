package taskforce.notification.delivery;

import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.BucketedIndex;

/**
 * The ids of each subscription's deliveries in the order they were recorded ({@code subscription_deliveries}), so
 * that the delivery log is paged by exact {@code _id}s, never by a filter on the deliveries' {@code subscriptionId}:
 * platform's {@link BucketedIndex} keyed by subscription id (the head names the last bucket, buckets of at most
 * {@value BucketedIndex#BUCKET_SIZE} ids), so this log and case-service's indexes share one way of filing in buckets.
 */
@Repository
class SubscriptionDeliveries {

    static final String COLLECTION = "subscription_deliveries";

    /** One page of ids, newest first, and how many the subscription has in all. */
    record Page(List<String> ids, long total) {}

    private final BucketedIndex ids;

    SubscriptionDeliveries(MongoTemplate mongo) {
        this.ids = new BucketedIndex(mongo, COLLECTION, "ids");
    }

    /** Files the delivery under its subscription, after those filed before it. */
    void add(String subscriptionId, String deliveryId) {
        ids.add(subscriptionId, deliveryId);
    }

    /** Whether anything was ever filed for the subscription (deliveries recorded before this index were not). */
    boolean knows(String subscriptionId) {
        return ids.knows(subscriptionId);
    }

    /** One page of the subscription's delivery ids, newest first, and how many it has in all. */
    Page page(String subscriptionId, int offset, int size) {
        BucketedIndex.Page<String> page = ids.page(subscriptionId, offset, size, String.class);
        return new Page(page.values(), page.total());
    }
}
