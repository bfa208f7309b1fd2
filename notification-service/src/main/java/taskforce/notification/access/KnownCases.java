package taskforce.notification.access;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * What this service knows of every case it has heard of ({@code known_cases}, case id in {@code _id}), fed by the
 * case events it consumes anyway: the task force (whether an agency may follow the case), the status, the agencies
 * whose leads the case holds and the members assigned to it now (whether an agency may receive its content), all
 * without reading the case service's database. A case's events arrive in order on one partition, and each is
 * handled once, so adding and removing members as they come keeps the set right.
 */
@Repository
class KnownCases {

    static final String COLLECTION = "known_cases";
    private static final String TASK_FORCE = "taskForceId";
    private static final String STATUS = "status";
    private static final String LEAD_AGENCIES = "leadAgencyIds";
    private static final String ASSIGNED = "assignedMemberIds";

    private final MongoTemplate mongo;

    KnownCases(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Records what one event says of the case, any of the facts null, and answers the case as it is known now. */
    KnownCase remember(
            String caseId,
            String taskForceId,
            String status,
            String leadAgencyId,
            String assignedMemberId,
            String unassignedMemberId) {
        Update update = Update.update(TASK_FORCE, taskForceId);
        if (status != null) {
            update.set(STATUS, status);
        }
        if (leadAgencyId != null) {
            update.addToSet(LEAD_AGENCIES, leadAgencyId);
        }
        if (assignedMemberId != null) {
            update.addToSet(ASSIGNED, assignedMemberId);
        }
        if (unassignedMemberId == null) {
            return knownCase(
                    caseId,
                    mongo.findAndModify(
                            query(where("_id").is(caseId)), update, AFTER_UPSERT, Document.class, COLLECTION));
        }
        // one update cannot $addToSet and $pull one field
        mongo.upsert(query(where("_id").is(caseId)), update, COLLECTION);
        return knownCase(
                caseId,
                mongo.findAndModify(
                        query(where("_id").is(caseId)),
                        new Update().pull(ASSIGNED, unassignedMemberId),
                        AFTER_UPSERT,
                        Document.class,
                        COLLECTION));
    }

    private static final FindAndModifyOptions AFTER_UPSERT =
            FindAndModifyOptions.options().upsert(true).returnNew(true);

    /**
     * Adds to the case the agencies whose leads {@code fromCaseId} held. The merged case's events come on their own
     * partition; they were written before the merge, and a lag between partitions long enough to reorder them would
     * leave an agency the thin form (never content it is not entitled to).
     */
    KnownCase inheritLeadAgencies(KnownCase known, String fromCaseId) {
        List<String> agencies = find(fromCaseId).map(KnownCase::leadAgencyIds).orElse(List.of());
        if (agencies.isEmpty()) {
            return known;
        }
        return knownCase(
                known.caseId(),
                mongo.findAndModify(
                        query(where("_id").is(known.caseId())),
                        new Update().addToSet(LEAD_AGENCIES).each(agencies.toArray()),
                        AFTER_UPSERT,
                        Document.class,
                        COLLECTION));
    }

    /** Forgets the case (a purge, issue 15). */
    void forget(String caseId) {
        mongo.remove(query(where("_id").is(caseId)), COLLECTION);
    }

    Optional<String> taskForceOf(String caseId) {
        return find(caseId).map(KnownCase::taskForceId);
    }

    Optional<KnownCase> find(String caseId) {
        return Optional.ofNullable(mongo.findById(caseId, Document.class, COLLECTION))
                .map(known -> knownCase(caseId, known));
    }

    private static KnownCase knownCase(String caseId, Document known) {
        return new KnownCase(
                caseId,
                known.getString(TASK_FORCE),
                known.getString(STATUS),
                strings(known, LEAD_AGENCIES),
                strings(known, ASSIGNED));
    }

    private static List<String> strings(Document document, String field) {
        List<String> values = document.getList(field, String.class);
        return values == null ? List.of() : List.copyOf(values);
    }
}
