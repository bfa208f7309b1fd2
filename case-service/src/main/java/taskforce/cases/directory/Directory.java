package taskforce.cases.directory;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import com.mongodb.client.model.Indexes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import taskforce.cases.CaseServiceApplication;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;
import taskforce.platform.refusal.Conflict;
import taskforce.platform.refusal.RuleRefused;

/**
 * The directory of agencies, task forces, agreements and members. Every write publishes the entity's
 * {@code *.upserted.v1} event on the compacted directory topic in the same document write, so other services'
 * read models converge on the latest state of every entity.
 */
@Component
public class Directory {

    public static final String PROGRAMS = "programs";

    private final MongoTemplate mongo;
    private final AggregateStore<Agency> agencies;
    private final AggregateStore<TaskForce> taskForces;
    private final AggregateStore<Agreement> agreements;
    private final AggregateStore<Member> members;
    private final Clock clock;

    public Directory(MongoTemplate mongo, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        this.agencies = new AggregateStore<>(mongo, relay, Agency.class, "agencies", false);
        this.taskForces = new AggregateStore<>(mongo, relay, TaskForce.class, "task_forces", false);
        this.agreements = new AggregateStore<>(mongo, relay, Agreement.class, "agreements", false);
        this.members = new AggregateStore<>(mongo, relay, Member.class, "members", false);
        // a task force's roster, read for a deconfliction hit's coordinator and the roster page
        mongo.getCollection(members.collection()).createIndex(Indexes.ascending("taskForceIds", "_id"));
    }

    // ---- reads

    public Optional<Agency> agency(String id) {
        return agencies.find(id).map(Versioned::value);
    }

    public Optional<TaskForce> taskForce(String id) {
        return taskForces.find(id).map(Versioned::value);
    }

    public Optional<Agreement> agreement(String id) {
        return agreements.find(id).map(Versioned::value);
    }

    public Optional<Member> member(String id) {
        return members.find(id).map(Versioned::value);
    }

    public Optional<Program> program(String code) {
        return Optional.ofNullable(mongo.findById(code, Program.class, PROGRAMS));
    }

    public List<Program> programs() {
        return mongo.find(sortedById(), Program.class, PROGRAMS);
    }

    public List<Agency> agencies() {
        return mongo.find(sortedById(), Agency.class, agencies.collection());
    }

    public List<TaskForce> taskForces() {
        return mongo.find(sortedById(), TaskForce.class, taskForces.collection());
    }

    public List<Agreement> agreements(String agencyId, String taskForceId) {
        Criteria criteria = new Criteria();
        if (agencyId != null && !agencyId.isBlank()) {
            criteria = criteria.and("agencyId").is(agencyId);
        }
        if (taskForceId != null && !taskForceId.isBlank()) {
            criteria = criteria.and("taskForceId").is(taskForceId);
        }
        return mongo.find(sortedById().addCriteria(criteria), Agreement.class, agreements.collection());
    }

    public List<Member> membersOf(String taskForceId) {
        return mongo.find(
                sortedById().addCriteria(where("taskForceIds").is(taskForceId)), Member.class, members.collection());
    }

    /** The coordinator to contact about a task force's work; the first by id when it has several. */
    public Optional<String> coordinatorOf(String taskForceId) {
        return membersOf(taskForceId).stream()
                .filter(m -> m.coordinates(taskForceId))
                .map(Member::id)
                .sorted()
                .findFirst();
    }

    public boolean isEmpty() {
        return mongo.getCollection(agencies.collection()).find().first() == null
                && mongo.getCollection(taskForces.collection()).find().first() == null;
    }

    // ---- writes

    /** Adds a program unless one with its code exists. */
    public void addProgramIfAbsent(Program program) {
        if (program(program.id()).isEmpty()) {
            DuplicateKeys.insertIfAbsent(mongo, program, PROGRAMS); // another instance may add it first: same outcome
        }
    }

    /** Adds an entity unless one with its id exists (publishing it only when added); for seeding. */
    public void addIfAbsent(Agency agency) {
        addIfAbsent(agencies, agency.id(), agency, version -> agencyEvent(agency, version));
    }

    public void addIfAbsent(TaskForce taskForce) {
        addIfAbsent(taskForces, taskForce.id(), taskForce, version -> taskForceEvent(taskForce, version));
    }

    public void addIfAbsent(Agreement agreement) {
        addIfAbsent(agreements, agreement.id(), agreement, version -> agreementEvent(agreement, version));
    }

    public void addIfAbsent(Member member) {
        addIfAbsent(members, member.id(), member, version -> memberEvent(member, version));
    }

    public void create(Agency agency) {
        checkAgency(agency);
        create(agencies, agency.id(), agency, version -> agencyEvent(agency, version), "agency");
    }

    public boolean put(Agency agency) {
        checkAgency(agency);
        return upsert(agencies, agency.id(), agency, version -> agencyEvent(agency, version));
    }

    public void create(TaskForce taskForce) {
        checkTaskForce(taskForce);
        create(taskForces, taskForce.id(), taskForce, version -> taskForceEvent(taskForce, version), "task force");
    }

    public boolean put(TaskForce taskForce) {
        checkTaskForce(taskForce);
        return upsert(taskForces, taskForce.id(), taskForce, version -> taskForceEvent(taskForce, version));
    }

    public void create(Agreement agreement) {
        checkAgreement(agreement);
        create(agreements, agreement.id(), agreement, version -> agreementEvent(agreement, version), "agreement");
    }

    public boolean put(Agreement agreement) {
        checkAgreement(agreement);
        return upsert(agreements, agreement.id(), agreement, version -> agreementEvent(agreement, version));
    }

    public void create(Member member) {
        checkMember(member);
        create(members, member.id(), member, version -> memberEvent(member, version), "member");
    }

    public boolean put(Member member) {
        checkMember(member);
        return upsert(members, member.id(), member, version -> memberEvent(member, version));
    }

    // ---- rules that span entities

    private void checkAgency(Agency agency) {
        // nothing references other entities; Bean Validation covers the fields
    }

    private void checkTaskForce(TaskForce taskForce) {
        if (program(taskForce.program()).isEmpty()) {
            throw unprocessable(
                    "program",
                    "program " + taskForce.program() + " is not a known program; known: "
                            + programs().stream().map(Program::id).toList());
        }
    }

    private void checkAgreement(Agreement agreement) {
        if (agency(agreement.agencyId()).isEmpty()) {
            throw unprocessable("agencyId", "agency " + agreement.agencyId() + " is not in the directory");
        }
        if (taskForce(agreement.taskForceId()).isEmpty()) {
            throw unprocessable("taskForceId", "task force " + agreement.taskForceId() + " is not in the directory");
        }
        if (agreement.effectiveFrom() != null
                && agreement.effectiveTo() != null
                && agreement.effectiveTo().isBefore(agreement.effectiveFrom())) {
            throw unprocessable("effectiveTo", "effectiveTo must not be before effectiveFrom");
        }
    }

    private void checkMember(Member member) {
        if (agency(member.agencyId()).isEmpty()) {
            throw unprocessable("agencyId", "agency " + member.agencyId() + " is not in the directory");
        }
        for (String taskForceId : member.taskForceIds()) {
            if (taskForce(taskForceId).isEmpty()) {
                throw unprocessable("taskForceIds", "task force " + taskForceId + " is not in the directory");
            }
        }
    }

    private static RuleRefused unprocessable(String field, String detail) {
        return new RuleRefused("Unknown reference", detail, field);
    }

    // ---- storage

    /**
     * The event an entity's write publishes, given the version the write gives it (a new entity is at version 1,
     * each change one higher): read models keep the newest version they have seen.
     */
    private interface EventAt {
        CloudEvent at(long version);
    }

    private static <T> void create(AggregateStore<T> store, String id, T value, EventAt event, String what) {
        if (!DuplicateKeys.insertIfAbsent(() -> store.insert(id, value, List.of(event.at(1))))) {
            throw new Conflict(
                    "Already exists", "a " + what + " with id " + id + " already exists; use PUT to change it");
        }
    }

    private static <T> void addIfAbsent(AggregateStore<T> store, String id, T value, EventAt event) {
        if (store.find(id).isPresent()) {
            return;
        }
        DuplicateKeys.insertIfAbsent(() -> store.insert(id, value, List.of(event.at(1))));
    }

    /** Inserts or replaces; returns whether it was created. */
    private static <T> boolean upsert(AggregateStore<T> store, String id, T value, EventAt event) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Versioned<T>> current = store.find(id);
            if (current.isEmpty()) {
                if (DuplicateKeys.insertIfAbsent(() -> store.insert(id, value, List.of(event.at(1))))) {
                    return true;
                }
                continue; // someone else created it meanwhile: read again
            }
            try {
                long version = current.get().version();
                store.update(id, version, value, List.of(event.at(version + 1)));
                return false;
            } catch (OptimisticLockingFailureException concurrent) {
                // someone else changed it meanwhile: read again
            }
        }
        throw new OptimisticLockingFailureException(store.collection() + " " + id + " keeps changing");
    }

    private static Query sortedById() {
        return new Query().with(Sort.by("_id"));
    }

    private CloudEvent agencyEvent(Agency a, long version) {
        return EventCodec.instance()
                .wrap(
                        EventTypes.AGENCY_UPSERTED,
                        CaseServiceApplication.SOURCE,
                        a.id(),
                        clock.instant(),
                        new AgencyUpserted(a.id(), a.name(), a.type(), a.state(), version));
    }

    private CloudEvent taskForceEvent(TaskForce t, long version) {
        return EventCodec.instance()
                .wrap(
                        EventTypes.TASK_FORCE_UPSERTED,
                        CaseServiceApplication.SOURCE,
                        t.id(),
                        clock.instant(),
                        new TaskForceUpserted(t.id(), t.name(), t.program(), t.area(), version));
    }

    private CloudEvent agreementEvent(Agreement a, long version) {
        return EventCodec.instance()
                .wrap(
                        EventTypes.AGREEMENT_UPSERTED,
                        CaseServiceApplication.SOURCE,
                        a.id(),
                        clock.instant(),
                        new AgreementUpserted(
                                a.id(),
                                a.agencyId(),
                                a.taskForceId(),
                                a.status(),
                                a.effectiveFrom(),
                                a.effectiveTo(),
                                version));
    }

    private CloudEvent memberEvent(Member m, long version) {
        return EventCodec.instance()
                .wrap(
                        EventTypes.MEMBER_UPSERTED,
                        CaseServiceApplication.SOURCE,
                        m.id(),
                        clock.instant(),
                        new MemberUpserted(
                                m.id(), m.name(), m.agencyId(), m.email(), m.taskForceIds(), m.role(), version));
    }
}
