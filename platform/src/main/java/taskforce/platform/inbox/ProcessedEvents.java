package taskforce.platform.inbox;

import java.time.Instant;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.contracts.CloudEvent;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * The log of events each consumer has already processed, keyed by {@code consumer:eventId} in {@code _id}
 * (unique on every MongoDB, and the fastest lookup there is), so a redelivered event is skipped.
 *
 * <p>The mark is written after the effect, and every effect is itself idempotent (deterministic ids, guarded
 * updates): a crash between the two repeats the effect harmlessly instead of losing it.
 */
public class ProcessedEvents {

    public static final String COLLECTION = "processed_events";

    private final MongoTemplate mongo;

    public ProcessedEvents(MongoTemplate mongo) {
        this.mongo = mongo;
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
                        .append("subject", event.subject())
                        .append("processedAt", java.util.Date.from(Instant.now())),
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
