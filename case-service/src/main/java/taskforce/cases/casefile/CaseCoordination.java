package taskforce.cases.casefile;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Member;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.security.Caller;
import taskforce.platform.web.ProblemException;

/**
 * What coordinators and members do to a case: read it, assign, unassign, move it through the lifecycle, add
 * notes, record outcomes. A command with an expected version fails with 412 when the case moved on; without one
 * it applies to the latest version, reading again when a concurrent change wins the race.
 *
 * <p>Every command first decides whether the caller may touch the case ({@link CaseAccess}) and records that
 * decision in the audit trail: a case the caller may not read answers 404 exactly like a missing one, so case ids
 * cannot be probed; a case the caller may read but not change answers 403. The acting member ({@code assignedBy},
 * {@code author} …) is the token's member; a body naming someone else is refused with 403.
 */
@Service
public class CaseCoordination {

    static final int ATTEMPTS = 5;

    static final String OBJECT_TYPE = "CASE";
    static final String READ = "case.read";
    static final String LIST = "case.list";
    static final String TIMELINE = "case.timeline";
    static final String NOTES = "case.notes";
    static final String ASSIGN = "case.assign";
    static final String UNASSIGN = "case.unassign";
    static final String STATUS = "case.status";
    static final String NOTE = "case.note";
    static final String OUTCOME = "case.outcome";

    /** Generic refusal reasons: an audit record of a refusal never carries data of the case. */
    static final String NOT_READABLE = "not a member of the case's task force";

    static final String NO_SUCH_CASE = "no such case";
    static final String NOT_COORDINATOR = "not a coordinator of the case's task force";
    static final String IDENTITY_MISMATCH = "the request body contradicts the caller's token";
    static final String IN_NO_TASK_FORCE = "the caller is a member of no task force";
    static final String FILTER_OUT_OF_SCOPE = "task force filter outside the caller's task forces";

    private enum Needs {
        MEMBER,
        COORDINATOR
    }

    private final Cases cases;
    private final Directory directory;
    private final CaseAccess access;
    private final AuditTrail audit;
    private final Clock clock;

    public CaseCoordination(Cases cases, Directory directory, CaseAccess access, AuditTrail audit, Clock clock) {
        this.cases = cases;
        this.directory = directory;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- reads

    public Versioned<Case> read(Caller caller, String caseId) {
        Versioned<Case> found = readable(caller, READ, caseId);
        audit.allowed(caller, READ, OBJECT_TYPE, caseId);
        return found;
    }

    public List<CloudEvent> timeline(Caller caller, String caseId) {
        readable(caller, TIMELINE, caseId);
        audit.allowed(caller, TIMELINE, OBJECT_TYPE, caseId);
        return cases.timeline(caseId);
    }

    public Cases.NotePage notes(Caller caller, String caseId, int page, int size) {
        readable(caller, NOTES, caseId);
        audit.allowed(caller, NOTES, OBJECT_TYPE, caseId);
        return cases.notes(caseId, page, size);
    }

    /**
     * The cases the caller may read that match the filters. A task force filter the caller may not read is not
     * refused: it just finds nothing, as if that task force had no cases. A list shows case content (titles,
     * subjects, identifiers), so besides the {@code case.list} of the query each case it returned is recorded as a
     * {@code case.read}, as if opened one by one: "who viewed this case" finds list reads too.
     */
    public Cases.Page search(Caller caller, Cases.Filter filter, Cases.Order order, int page, int size) {
        String taskForceId = filter.taskForceId();
        boolean filtered = taskForceId != null && !taskForceId.isBlank();
        String objectId = filtered ? taskForceId : "*";
        Optional<Set<String>> scope = access.readableTaskForces(caller);
        if (scope.isPresent() && scope.get().isEmpty()) {
            audit.refused(caller, LIST, OBJECT_TYPE, objectId, IN_NO_TASK_FORCE);
            return new Cases.Page(List.of(), page, size, 0);
        }
        if (scope.isPresent() && filtered && !scope.get().contains(taskForceId)) {
            audit.refused(caller, LIST, OBJECT_TYPE, objectId, FILTER_OUT_OF_SCOPE);
            return new Cases.Page(List.of(), page, size, 0);
        }
        audit.allowed(caller, LIST, OBJECT_TYPE, objectId);
        Cases.Page found = cases.search(scope.orElse(null), filter, order, page, size);
        audit.allowedEach(
                caller,
                READ,
                OBJECT_TYPE,
                found.items().stream().map(listed -> listed.value().id()).toList());
        return found;
    }

    // ---- commands

    /** {@code assignedBy} from the body may repeat the token's member; the token wins. */
    public Versioned<Case> assign(
            Caller caller, String caseId, Long ifMatch, String memberId, AssignmentRole role, String assignedBy) {
        String actor = permitted(caller, ASSIGN, caseId, Needs.COORDINATOR, "assignedBy", assignedBy);
        return execute(caseId, ifMatch, (c, roster) -> c.assign(memberId, role, actor, roster, now()));
    }

    public Versioned<Case> unassign(Caller caller, String caseId, Long ifMatch, String memberId, String unassignedBy) {
        String actor = permitted(caller, UNASSIGN, caseId, Needs.COORDINATOR, "unassignedBy", unassignedBy);
        return execute(caseId, ifMatch, (c, roster) -> c.unassign(memberId, actor, roster, now()));
    }

    public Versioned<Case> changeStatus(
            Caller caller, String caseId, Long ifMatch, CaseStatus to, String reason, String changedBy) {
        String actor = permitted(caller, STATUS, caseId, Needs.COORDINATOR, "changedBy", changedBy);
        return execute(caseId, ifMatch, (c, roster) -> c.changeStatus(to, reason, actor, roster, now()));
    }

    public Versioned<Case> addNote(Caller caller, String caseId, Long ifMatch, String text, String author) {
        String actor = permitted(caller, NOTE, caseId, Needs.MEMBER, "author", author);
        String noteId = UUID.randomUUID().toString();
        return execute(caseId, ifMatch, (c, roster) -> c.addNote(noteId, text, actor, roster, now()));
    }

    /**
     * The outcome is credited to the caller's agency unless the body names another; either must take part in the
     * case's task force (the case's rules decide, through the roster).
     */
    public Versioned<Case> recordOutcome(
            Caller caller,
            String caseId,
            Long ifMatch,
            OutcomeType type,
            Integer count,
            Seizure seizure,
            String agencyId,
            Instant occurredAt,
            String recordedBy) {
        String actor = permitted(caller, OUTCOME, caseId, Needs.MEMBER, "recordedBy", recordedBy);
        String creditedAgency = agencyId != null && !agencyId.isBlank() ? agencyId : caller.agencyId();
        String outcomeId = UUID.randomUUID().toString();
        return execute(
                caseId,
                ifMatch,
                (c, roster) -> c.recordOutcome(
                        outcomeId, type, count, seizure, creditedAgency, occurredAt, actor, roster, now()));
    }

    // ---- access decisions, each recorded

    /**
     * For what belongs to a case but is kept apart from it (its deconfliction hits): the case under the rule for
     * reading it, 404 when the caller may not, the decision recorded under {@code action}.
     */
    public Case readableFor(Caller caller, String action, String caseId) {
        Case c = readable(caller, action, caseId).value();
        audit.allowed(caller, action, OBJECT_TYPE, caseId);
        return c;
    }

    /** The same for changing it: the acting member, who must coordinate the case's task force (403 otherwise). */
    public String coordinatorActingOn(Caller caller, String action, String caseId) {
        return permitted(caller, action, caseId, Needs.COORDINATOR, "resolvedBy", null);
    }

    /**
     * The same for what any member of the case's task force may do (plan an operation for it): the case and the
     * acting member, 404 when the case is not readable, 403 when the body names another actor than the token.
     */
    public Acting memberActingOn(Caller caller, String action, String caseId, String actorField, String actorInBody) {
        String actor = permitted(caller, action, caseId, Needs.MEMBER, actorField, actorInBody);
        return new Acting(cases.find(caseId).orElseThrow(() -> notFound(caseId)).value(), actor);
    }

    /** A case a command is run on, and the member running it. */
    public record Acting(Case theCase, String memberId) {}

    /** The case if the caller may read it; otherwise 404 exactly as for a case that does not exist. */
    private Versioned<Case> readable(Caller caller, String action, String caseId) {
        Optional<Versioned<Case>> found = cases.find(caseId);
        if (found.isEmpty()) {
            audit.refused(caller, action, OBJECT_TYPE, caseId, NO_SUCH_CASE);
            throw notFound(caseId);
        }
        if (!access.mayRead(caller, found.get().value())) {
            audit.refused(caller, action, OBJECT_TYPE, caseId, NOT_READABLE);
            throw notFound(caseId);
        }
        return found.get();
    }

    /**
     * Decides whether the caller may run a command on the case and answers the acting member: 404 when the case is
     * not readable, 403 when it is but the caller lacks the task force role, 403 naming the field when the body
     * names another actor than the token. The decision is recorded either way; the task force of a case never
     * changes, so deciding on the version read here holds for the version the command is applied to.
     */
    private String permitted(
            Caller caller, String action, String caseId, Needs needs, String actorField, String actorInBody) {
        Case c = readable(caller, action, caseId).value();
        boolean hasRole = switch (needs) {
            case MEMBER -> access.belongsToTaskForceOf(caller, c);
            case COORDINATOR -> access.coordinates(caller, c);
        };
        if (!hasRole) {
            String reason = needs == Needs.COORDINATOR ? NOT_COORDINATOR : NOT_READABLE;
            audit.refused(caller, action, OBJECT_TYPE, caseId, reason);
            throw new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "Forbidden",
                    needs == Needs.COORDINATOR
                            ? "only a coordinator of the case's task force may do this"
                            : "only a member of the case's task force may do this");
        }
        String actor;
        try {
            actor = Caller.sameAsToken(actorField, actorInBody, caller.memberId());
        } catch (ProblemException mismatch) {
            audit.refused(caller, action, OBJECT_TYPE, caseId, IDENTITY_MISMATCH);
            throw mismatch;
        }
        audit.allowed(caller, action, OBJECT_TYPE, caseId);
        return actor;
    }

    private static ProblemException notFound(String caseId) {
        return ProblemException.notFound("case", caseId);
    }

    private Versioned<Case> execute(String caseId, Long ifMatch, BiFunction<Case, Roster, Case.Change> command) {
        for (int attempt = 1; ; attempt++) {
            Versioned<Case> current = cases.find(caseId).orElseThrow(() -> notFound(caseId));
            if (ifMatch != null && current.version() != ifMatch) {
                throw stale(caseId, ifMatch, current.version());
            }
            Case.Change change;
            try {
                change = command.apply(current.value(), roster(current.value().taskForceId()));
            } catch (CaseRuleViolation violation) {
                throw problem(violation);
            }
            if (!change.changed()) {
                return current;
            }
            try {
                long version =
                        cases.update(current.version(), change.next(), Cases.events(change.next(), change.events()));
                return new Versioned<>(change.next(), version);
            } catch (OptimisticLockingFailureException concurrent) {
                if (ifMatch != null) {
                    throw stale(caseId, ifMatch, current.version() + 1);
                }
                if (attempt >= ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    private Roster roster(String taskForceId) {
        return new Roster() {
            @Override
            public boolean isMember(String memberId) {
                return memberId != null
                        && directory
                                .member(memberId)
                                .map(m -> m.belongsTo(taskForceId))
                                .orElse(false);
            }

            @Override
            public boolean takesPart(String agencyId, LocalDate day) {
                return agencyId != null
                        && directory.agreements(agencyId, taskForceId).stream()
                                .anyMatch(agreement -> taskForceId.equals(agreement.taskForceId())
                                        && agencyId.equals(agreement.agencyId())
                                        && agreement.inForceOn(day));
            }

            @Override
            public boolean isCoordinator(String memberId) {
                return memberId != null
                        && directory
                                .member(memberId)
                                .map((Member m) -> m.coordinates(taskForceId))
                                .orElse(false);
            }
        };
    }

    private Instant now() {
        return clock.instant();
    }

    private static ProblemException stale(String caseId, long expected, long actual) {
        return new ProblemException(
                HttpStatus.PRECONDITION_FAILED,
                "Stale version",
                "case " + caseId + " is at version " + actual + ", not " + expected + "; read it again and retry");
    }

    static ProblemException problem(CaseRuleViolation violation) {
        return switch (violation.kind()) {
            case NOT_A_COORDINATOR ->
                new ProblemException(
                        HttpStatus.FORBIDDEN, "Not a coordinator", violation.getMessage(), violation.field());
            case NOT_A_MEMBER ->
                new ProblemException(
                        HttpStatus.valueOf(422),
                        "Not a member of the task force",
                        violation.getMessage(),
                        violation.field());
            case ALREADY_ASSIGNED ->
                new ProblemException(
                        HttpStatus.CONFLICT, "Already assigned", violation.getMessage(), violation.field());
            case NOT_ASSIGNED ->
                new ProblemException(HttpStatus.NOT_FOUND, "Not assigned", violation.getMessage(), violation.field());
            case ILLEGAL_TRANSITION ->
                new ProblemException(
                                HttpStatus.CONFLICT, "Illegal status change", violation.getMessage(), violation.field())
                        .withProperty("legalNext", violation.legalNext());
            case INVALID -> ProblemException.invalid(violation.field(), violation.getMessage());
        };
    }
}
