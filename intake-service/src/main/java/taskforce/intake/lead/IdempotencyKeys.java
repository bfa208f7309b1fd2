package taskforce.intake.lead;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * The answers given per {@code Idempotency-Key}, scoped per agency: {@code _id = agencyId|key}, with the
 * fingerprint of the request that used the key and the answer as it was sent.
 */
@Component
class IdempotencyKeys {

    static final String COLLECTION = "idempotency_keys";

    record Recorded(String requestHash, SubmissionAnswer answer) {}

    private final MongoTemplate mongo;

    IdempotencyKeys(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<Recorded> find(String agencyId, String key) {
        Document doc = mongo.getCollection(COLLECTION)
                .find(eq("_id", id(agencyId, key)))
                .first();
        return Optional.ofNullable(doc)
                .map(d -> new Recorded(
                        d.getString("requestHash"),
                        new SubmissionAnswer(d.getInteger("status"), d.getString("leadId"), d.getString("body"))));
    }

    /** Records the answer under the key; if another request recorded one first, returns that one instead. */
    Recorded record(String agencyId, String key, String requestHash, SubmissionAnswer answer, Instant now) {
        Document record = new Document("_id", id(agencyId, key))
                .append("agencyId", agencyId)
                .append("key", key)
                .append("requestHash", requestHash)
                .append("leadId", answer.leadId())
                .append("status", answer.status())
                .append("body", answer.body())
                .append("recordedAt", Date.from(now));
        if (DuplicateKeys.insertIfAbsent(mongo, record, COLLECTION)) {
            return new Recorded(requestHash, answer);
        }
        return find(agencyId, key).orElseThrow(() -> new IllegalStateException("idempotency record vanished"));
    }

    private static String id(String agencyId, String key) {
        return agencyId + "|" + key;
    }
}
