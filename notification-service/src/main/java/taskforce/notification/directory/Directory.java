package taskforce.notification.directory;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.NewerOnly;

/** The read model of the directory, keyed by the directory's own ids in {@code _id}. */
@Repository
public class Directory {

    static final String MEMBERS = "members";
    static final String AGENCIES = "agencies";
    static final String AGREEMENTS = "agreements";
    /**
     * {@code _id = agencyId|taskForceId} → {@code agreementIds}: every delivery asks whether its agency's agreement is
     * in force, so that question goes by {@code _id}, never by scanning the agreements.
     */
    static final String AGREEMENT_PAIRS = "agreement_pairs";

    private final MongoTemplate mongo;

    Directory(MongoTemplate mongo) {
        this.mongo = mongo;
        // rare reads (a deconfliction hit's coordinators, an e-mail subscription's address check) on production MongoDB
        mongo.getCollection(MEMBERS).createIndex(Indexes.ascending("taskForceIds", "role"));
        mongo.getCollection(MEMBERS).createIndex(Indexes.ascending("agencyId"));
        fileAgreementsUnderTheirPairs();
    }

    /**
     * A store written before agreement pairs existed holds agreements no pair names, and the directory topic is not
     * read again from its start: file each once at start-up (a directory holds a few hundred agreements at most).
     */
    private void fileAgreementsUnderTheirPairs() {
        mongo.findAll(Agreement.class, AGREEMENTS).forEach(this::fileUnderPair);
    }

    private void fileUnderPair(Agreement agreement) {
        if (agreement.agencyId() != null && agreement.taskForceId() != null) {
            mongo.getCollection(AGREEMENT_PAIRS)
                    .updateOne(
                            new Document("_id", pairId(agreement.agencyId(), agreement.taskForceId())),
                            Updates.addToSet(AGREEMENT_IDS, agreement.id()),
                            new UpdateOptions().upsert(true));
        }
    }

    public Optional<Member> member(String memberId) {
        return Optional.ofNullable(mongo.findById(memberId, Member.class, MEMBERS));
    }

    public Optional<Agency> agency(String agencyId) {
        return Optional.ofNullable(mongo.findById(agencyId, Agency.class, AGENCIES));
    }

    /**
     * Whether the agency takes part in the task force today under an agreement in force. Read at every check
     * (subscribing, and before every delivery) so that a suspension or expiry takes effect at once.
     */
    public boolean agreementInForce(String agencyId, String taskForceId, LocalDate today) {
        if (agencyId == null || taskForceId == null) {
            return false;
        }
        Document pair = mongo.getCollection(AGREEMENT_PAIRS)
                .find(new Document("_id", pairId(agencyId, taskForceId)))
                .first();
        if (pair == null) {
            return false;
        }
        List<String> ids = pair.getList(AGREEMENT_IDS, String.class, List.of());
        // an agreement moved to another pair stays listed under its old one; its own fields decide
        return mongo.find(query(where("_id").in(ids)), Agreement.class, AGREEMENTS).stream()
                .anyMatch(agreement -> agencyId.equals(agreement.agencyId())
                        && taskForceId.equals(agreement.taskForceId())
                        && agreement.inForceOn(today));
    }

    /** Whether the directory currently lists the member in the task force; an unknown member is not. */
    public boolean memberIn(String memberId, String taskForceId) {
        return member(memberId)
                .map(member ->
                        member.taskForceIds() != null && member.taskForceIds().contains(taskForceId))
                .orElse(false);
    }

    /**
     * Whether the directory lists the address as one of the agency's members' (compared without regard to case):
     * asked only when an e-mail subscription is made, over the agency's members.
     */
    public boolean isAddressOfMember(String agencyId, String address) {
        if (agencyId == null || address == null) {
            return false;
        }
        return mongo.find(query(where("agencyId").is(agencyId)), Member.class, MEMBERS).stream()
                .anyMatch(member -> member.hasEmail() && member.email().trim().equalsIgnoreCase(address.trim()));
    }

    /** The task force's coordinators as the directory lists them now (a scan: a handful of members per task force). */
    public List<Member> coordinatorsOf(String taskForceId) {
        return mongo.find(
                query(where("taskForceIds").is(taskForceId).and("role").is("COORDINATOR")), Member.class, MEMBERS);
    }

    // each only if not older than what is held (NewerOnly): a redelivered old event must not undo a later change

    void save(Agreement agreement, Long version) {
        // the pair first: a crash between the two writes leaves an id that points nowhere yet, never a lost agreement
        fileUnderPair(agreement);
        NewerOnly.replace(mongo, AGREEMENTS, agreement.id(), agreement, version);
    }

    private static final String AGREEMENT_IDS = "agreementIds";

    private static String pairId(String agencyId, String taskForceId) {
        return agencyId + "|" + taskForceId;
    }

    void save(Member member, Long version) {
        NewerOnly.replace(mongo, MEMBERS, member.id(), member, version);
    }

    void save(Agency agency, Long version) {
        NewerOnly.replace(mongo, AGENCIES, agency.id(), agency, version);
    }
}
