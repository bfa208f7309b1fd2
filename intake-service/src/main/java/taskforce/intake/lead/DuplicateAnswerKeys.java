package taskforce.intake.lead;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code Idempotency-Key}s under which a lead was given as the answer to a duplicate submission ({@code _id} =
 * lead id, {@code keys} = {@code agencyId|key} as {@link IdempotencyKeys} files them): such an answer carries the
 * lead's content, and a purge must find it by {@code _id} to erase it. Written before the answer is recorded, and
 * only for duplicates, so a new lead's submission pays nothing for it.
 */
@Component
class DuplicateAnswerKeys {

    static final String COLLECTION = "lead_duplicate_answers";

    private final MongoTemplate mongo;

    DuplicateAnswerKeys(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void add(String leadId, String agencyId, String key) {
        mongo.getCollection(COLLECTION)
                .updateOne(
                        eq("_id", leadId),
                        Updates.addToSet("keys", new Document("agencyId", agencyId).append("key", key)),
                        new UpdateOptions().upsert(true));
    }

    /** The agency and key of every duplicate answer that gave the lead. */
    List<Document> of(String leadId) {
        Document found = mongo.getCollection(COLLECTION).find(eq("_id", leadId)).first();
        return found == null ? List.of() : found.getList("keys", Document.class, List.of());
    }

    void forget(String leadId) {
        mongo.getCollection(COLLECTION).deleteOne(eq("_id", leadId));
    }
}
