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
 * What is left of a lead whose case was purged (issue 15): {@code _id} = lead id, the submitting agency and when it
 * was purged, nothing the agency sent and not the case it was part of. Its agency reads it as {@code 410 Gone}.
 */
@Component
class PurgedLeads {

    static final String COLLECTION = "purged_leads";

    record Stub(String leadId, String agencyId, Instant purgedAt) {}

    private final MongoTemplate mongo;

    PurgedLeads(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<Stub> find(String leadId) {
        Document stub = mongo.getCollection(COLLECTION).find(eq("_id", leadId)).first();
        return Optional.ofNullable(stub)
                .map(doc -> new Stub(
                        leadId,
                        doc.getString("agencyId"),
                        doc.getDate("purgedAt").toInstant()));
    }

    /** Records the stub once; a repeated purge keeps the first time. */
    void record(Stub stub) {
        DuplicateKeys.insertIfAbsent(
                mongo,
                new Document("_id", stub.leadId())
                        .append("agencyId", stub.agencyId())
                        .append("status", LeadStatus.PURGED.name())
                        .append("purgedAt", Date.from(stub.purgedAt())),
                COLLECTION);
    }
}
