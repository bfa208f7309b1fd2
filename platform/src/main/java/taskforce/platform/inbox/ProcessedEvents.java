package taskforce.platform.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.contracts.CloudEvent;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.retention.Retention;

/**
 * The log of events each consumer has already processed, keyed by {@code consumer:eventId} in {@code _id}
 * (unique on every MongoDB, and the fastest lookup there is), so a redelivered event is skipped.
 *
 * <p>The mark is written after the effect, and every effect is itself idempotent (deterministic ids, guarded
 * updates): a crash between the two repeats the effect harmlessly instead of losing it. For the same reason
 * marks may expire ({@code taskforce.retention.processed-events}, default 30 days, well past Kafka's retention):
 * an event redelivered after that is still applied once.
 *
 * <p>A mark holds the event's id and type only, never its subject: the subject is an aggregate id (a case, a lead),
 * and a purged case must leave no trace of its id in a service's store (issue 15) but where it is meant to stay.
 */
public class ProcessedEvents {

    public static final String COLLECTION = "processed_events";

    public static final String PROCESSED_AT = "processedAt";

    private final MongoTemplate mongo;
    private final Clock clock;

    public ProcessedEvents(MongoTemplate mongo, Clock clock, Retention retention, Duration keep) {
        this.mongo = mongo;
        this.clock = clock;
        retention.expire(COLLECTION, PROCESSED_AT, keep);
    }

    public boolean isProcessed(String consumer, String eventId) {
        return mongo.getCollection(COLLECTION)
                        .find(new Document("_id", key(consumer, eventId)))
                        .first()
                != null;
    }

    public void markProcessed(String consumer, CloudEvent event) {
        // a concurrent redelivery may have marked it first: same outcome
        DuplicateKeys.insertIfAbsent(
                mongo,
                new Document("_id", key(consumer, event.id()))
                        .append("type", event.type())
                        .append(PROCESSED_AT, Date.from(clock.instant())),
                COLLECTION);
    }

    /** Runs {@code effect} unless this consumer already processed the event; returns whether it ran. */
    public boolean runOnce(String consumer, CloudEvent event, Runnable effect) {
        if (isProcessed(consumer, event.id())) {
            return false;
        }
        effect.run();
        markProcessed(consumer, event);
        return true;
    }

    private static String key(String consumer, String eventId) {
        return consumer + ":" + eventId;
    }
}
