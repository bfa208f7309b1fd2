package taskforce.platform.inbox;

import java.time.Instant;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.contracts.CloudEvent;

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
        try {
            mongo.getCollection(COLLECTION)
                    .insertOne(new Document("_id", key(consumer, event.id()))
                            .append("type", event.type())
                            .append("subject", event.subject())
                            .append("processedAt", java.util.Date.from(Instant.now())));
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCode() != 11000) {
                throw e;
            }
        } catch (DuplicateKeyException alreadyMarked) {
            // a concurrent redelivery got there first: same outcome
        }
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
