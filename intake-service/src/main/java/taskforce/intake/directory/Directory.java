package taskforce.intake.directory;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;
import taskforce.platform.mongo.NewerOnly;

/**
 * The part of case-service's directory that intake needs to judge a submission, kept from
 * {@code taskforce.directory.v1}. Every lookup is by {@code _id}: agencies, task forces and members by their id,
 * agreements per pair ({@code agencyId|taskForceId}) holding each agreement of that pair.
 */
@Component
public class Directory {

    static final String AGENCIES = "directory_agencies";
    static final String TASK_FORCES = "directory_task_forces";
    static final String MEMBERS = "directory_members";
    /** {@code _id = agencyId|taskForceId}, field {@code agreements.<encoded agreement id>}. */
    static final String AGREEMENTS_BY_PAIR = "directory_agreement_pairs";
    /** {@code _id = agreementId}: which pair an agreement was last filed under, so a moved agreement leaves its old pair. */
    static final String AGREEMENTS = "directory_agreements";

    private final MongoTemplate mongo;

    public Directory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<AgencyUpserted> agency(String id) {
        return Optional.ofNullable(mongo.findById(id, AgencyUpserted.class, AGENCIES));
    }

    public Optional<TaskForceUpserted> taskForce(String id) {
        return Optional.ofNullable(mongo.findById(id, TaskForceUpserted.class, TASK_FORCES));
    }

    public Optional<MemberUpserted> member(String id) {
        return Optional.ofNullable(mongo.findById(id, MemberUpserted.class, MEMBERS));
    }

    /** Every agreement known between the agency and the task force, whatever its status. */
    public List<AgreementUpserted> agreements(String agencyId, String taskForceId) {
        Document pair = mongo.getCollection(AGREEMENTS_BY_PAIR)
                .find(eq("_id", pairId(agencyId, taskForceId)))
                .first();
        List<AgreementUpserted> agreements = new ArrayList<>();
        if (pair != null && pair.get("agreements") instanceof Document byId) {
            byId.values().forEach(value -> agreements.add(agreement((Document) value)));
        }
        return agreements;
    }

    /** @param memberId the member submitting, or null for an agency system submitting under its own name */
    public Optional<SubmissionEligibility.Refusal> refusal(
            String agencyId, String memberId, String taskForceId, LocalDate day) {
        return SubmissionEligibility.assess(
                agencyId,
                agency(agencyId),
                taskForceId,
                taskForce(taskForceId),
                memberId,
                memberId == null ? Optional.empty() : member(memberId),
                agreements(agencyId, taskForceId),
                day);
    }

    // each only if not older than what is held (NewerOnly): a redelivered old event must not undo a later change

    void upsert(AgencyUpserted agency) {
        requireId(agency.id(), "agency");
        NewerOnly.replace(mongo, AGENCIES, agency.id(), agency, agency.version());
    }

    void upsert(TaskForceUpserted taskForce) {
        requireId(taskForce.id(), "task force");
        NewerOnly.replace(mongo, TASK_FORCES, taskForce.id(), taskForce, taskForce.version());
    }

    void upsert(MemberUpserted member) {
        requireId(member.id(), "member");
        NewerOnly.replace(mongo, MEMBERS, member.id(), member, member.version());
    }

    /**
     * Idempotent: replaying an agreement's events in order leaves the same state, and one older than what is held
     * changes nothing. The agreement's own document ({@code _id} = its id) holds its version and is written last,
     * so that a redelivery completes an update interrupted half-way.
     */
    void upsert(AgreementUpserted agreement) {
        requireId(agreement.id(), "agreement");
        requireId(agreement.agencyId(), "agreement's agency");
        requireId(agreement.taskForceId(), "agreement's task force");
        String pair = pairId(agreement.agencyId(), agreement.taskForceId());
        String field = "agreements." + fieldKey(agreement.id());
        Document previous = mongo.getCollection(AGREEMENTS)
                .find(NewerOnly.olderThan(agreement.id(), agreement.version()))
                .first();
        boolean known =
                mongo.getCollection(AGREEMENTS).find(eq("_id", agreement.id())).first() != null;
        if (previous == null && known) {
            return; // the read model holds a newer version of this agreement
        }
        if (previous != null && !pair.equals(previous.getString("pair"))) {
            mongo.getCollection(AGREEMENTS_BY_PAIR)
                    .updateOne(eq("_id", previous.getString("pair")), Updates.unset(field));
        }
        mongo.getCollection(AGREEMENTS_BY_PAIR)
                .updateOne(
                        eq("_id", pair),
                        Updates.combine(
                                Updates.set("agencyId", agreement.agencyId()),
                                Updates.set("taskForceId", agreement.taskForceId()),
                                Updates.set(field, document(agreement))),
                        new UpdateOptions().upsert(true));
        NewerOnly.replace(mongo, AGREEMENTS, agreement.id(), new Document("pair", pair), agreement.version());
    }

    // an entity without id cannot be stored by id; IllegalArgumentException sends its record to the DLT at once
    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " without id");
        }
    }

    static String pairId(String agencyId, String taskForceId) {
        return agencyId + "|" + taskForceId;
    }

    /** Field names may not contain '.' or start with '$'; agreement ids are free text. */
    static String fieldKey(String agreementId) {
        return agreementId.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    // dates as ISO strings: a LocalDate has no time zone and must not acquire one in storage
    private static Document document(AgreementUpserted agreement) {
        return new Document("id", agreement.id())
                .append(
                        "status",
                        agreement.status() == null ? null : agreement.status().name())
                .append(
                        "effectiveFrom",
                        agreement.effectiveFrom() == null
                                ? null
                                : agreement.effectiveFrom().toString())
                .append(
                        "effectiveTo",
                        agreement.effectiveTo() == null
                                ? null
                                : agreement.effectiveTo().toString());
    }

    private static AgreementUpserted agreement(Document doc) {
        return new AgreementUpserted(
                doc.getString("id"),
                null,
                null,
                doc.getString("status") == null ? null : AgreementStatus.valueOf(doc.getString("status")),
                doc.getString("effectiveFrom") == null ? null : LocalDate.parse(doc.getString("effectiveFrom")),
                doc.getString("effectiveTo") == null ? null : LocalDate.parse(doc.getString("effectiveTo")));
    }
}
