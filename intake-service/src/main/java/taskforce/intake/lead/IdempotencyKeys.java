package taskforce.intake.lead;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.retention.Retention;

/**
 * The answers given per {@code Idempotency-Key}, scoped per agency: {@code _id = agencyId|key}, with the
 * fingerprint of the request that used the key and the answer as it was sent. A key is honoured for {@code
 * taskforce.retention.idempotency-keys} (default 7 days) after its first use, then forgotten; a late retry of the
 * same lead is still answered with the first lead through its agency reference.
 */
@Component
class IdempotencyKeys {

    static final String COLLECTION = "idempotency_keys";

    record Recorded(String requestHash, SubmissionAnswer answer) {}

    static final String RECORDED_AT = "recordedAt";

    private final MongoTemplate mongo;
    private final DuplicateAnswerKeys duplicates;

    IdempotencyKeys(
            MongoTemplate mongo,
            Retention retention,
            @Value("${taskforce.retention.idempotency-keys:7d}") Duration keep,
            DuplicateAnswerKeys duplicates) {
        this.mongo = mongo;
        this.duplicates = duplicates;
        retention.expire(COLLECTION, RECORDED_AT, keep);
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
                .append(RECORDED_AT, Date.from(now));
        if (answer.status() != LeadIntake.ACCEPTED) {
            // an answer naming an earlier lead carries that lead's content: filed under it first, so a purge finds it
            duplicates.add(answer.leadId(), agencyId, key);
        }
        if (DuplicateKeys.insertIfAbsent(mongo, record, COLLECTION)) {
            return new Recorded(requestHash, answer);
        }
        return find(agencyId, key).orElseThrow(() -> new IllegalStateException("idempotency record vanished"));
    }

    /** Erases the answer recorded under the key, if it is the answer about {@code leadId} (a purge, issue 15). */
    void forget(String agencyId, String key, String leadId) {
        mongo.getCollection(COLLECTION).deleteOne(and(eq("_id", id(agencyId, key)), eq("leadId", leadId)));
    }

    private static String id(String agencyId, String key) {
        return agencyId + "|" + key;
    }
}
