package taskforce.notification.cases;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The cases purged here ({@code purged_cases}, {@code _id} = SHA-256 of the case id in hex, and when): an event of
 * such a case that comes late (re-driven from the dead-letter topic after the purge) finds its case here and is
 * dropped, so nothing of the case comes back. Keyed by a digest, so the store holds no purged case's id: whoever
 * knows a case id can tell whether it was purged here, which its tombstone in case-service says anyway.
 */
@Repository
class PurgedCases {

    static final String COLLECTION = "purged_cases";

    private final MongoTemplate mongo;

    PurgedCases(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    boolean isPurged(String caseId) {
        return mongo.getCollection(COLLECTION).find(eq("_id", digest(caseId))).first() != null;
    }

    void mark(String caseId, Instant at) {
        mongo.getCollection(COLLECTION)
                .updateOne(
                        eq("_id", digest(caseId)),
                        Updates.setOnInsert("purgedAt", Date.from(at)),
                        new UpdateOptions().upsert(true));
    }

    static String digest(String caseId) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(caseId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
