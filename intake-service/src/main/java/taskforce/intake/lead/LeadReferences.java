package taskforce.intake.lead;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * Which lead holds each agency record number: {@code _id = agencyId|agencyReference} → {@code leadId}. The unique
 * {@code _id} makes the first claim win, also between concurrent submissions.
 */
@Component
class LeadReferences {

    static final String COLLECTION = "lead_references";

    private final MongoTemplate mongo;

    LeadReferences(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<String> find(String agencyId, String agencyReference) {
        Document claim = mongo.getCollection(COLLECTION)
                .find(eq("_id", id(agencyId, agencyReference)))
                .first();
        return Optional.ofNullable(claim).map(doc -> doc.getString("leadId"));
    }

    /** Claims the reference for {@code leadId}; returns the lead id that holds it, which is an earlier one if any. */
    String claim(String agencyId, String agencyReference, String leadId, Instant now) {
        Document claim = new Document("_id", id(agencyId, agencyReference))
                .append("agencyId", agencyId)
                .append("agencyReference", agencyReference)
                .append("leadId", leadId)
                .append("claimedAt", Date.from(now));
        if (DuplicateKeys.insertIfAbsent(mongo, claim, COLLECTION)) {
            return leadId;
        }
        return find(agencyId, agencyReference).orElseThrow(() -> new IllegalStateException("reference claim vanished"));
    }

    /**
     * Frees the reference if {@code leadId} holds it (a purge, issue 15): the record number is something the agency
     * sent, and a later lead under it is a new lead.
     */
    void release(String agencyId, String agencyReference, String leadId) {
        mongo.getCollection(COLLECTION).deleteOne(and(eq("_id", id(agencyId, agencyReference)), eq("leadId", leadId)));
    }

    private static String id(String agencyId, String agencyReference) {
        return agencyId + "|" + agencyReference;
    }
}
