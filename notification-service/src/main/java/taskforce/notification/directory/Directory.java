package taskforce.notification.directory;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.NewerOnly;

/** The read model of the directory, keyed by the directory's own ids in {@code _id}. */
@Repository
public class Directory {

    static final String MEMBERS = "members";
    static final String AGENCIES = "agencies";
    static final String AGREEMENTS = "agreements";

    private final MongoTemplate mongo;

    Directory(MongoTemplate mongo) {
        this.mongo = mongo;
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
        return mongo
                .find(
                        query(where("agencyId").is(agencyId).and("taskForceId").is(taskForceId)),
                        Agreement.class,
                        AGREEMENTS)
                .stream()
                .anyMatch(agreement -> agreement.inForceOn(today));
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
        NewerOnly.replace(mongo, AGREEMENTS, agreement.id(), agreement, version);
    }

    void save(Member member, Long version) {
        NewerOnly.replace(mongo, MEMBERS, member.id(), member, version);
    }

    void save(Agency agency, Long version) {
        NewerOnly.replace(mongo, AGENCIES, agency.id(), agency, version);
    }
}
