package taskforce.cases.casefile;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Member;
import taskforce.cases.directory.TaskForce;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.refusal.Gone;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

/**
 * Who may read and change which case (need-to-know), and the one place that decides it for the case itself and
 * for everything kept beside it (its deconfliction hits and possible matches, its planned operations, its
 * transfers to another task force), and for lists of cases. Every
 * decision is recorded in the audit trail under the caller's action.
 *
 * <p>Membership is looked up in this service's own directory at every request rather than in the token's
 * {@code task_force_ids}: a member who leaves a task force loses its cases at once, not when the token expires.
 * Administrators read every case but, not being members, change none; agency administrators and agency systems
 * never see case content. A case the caller may not read is refused exactly like a missing one, so case ids
 * cannot be probed; what hangs off a case passes the refusal it wants the caller to see instead (an operation
 * that does not exist), so the case's id is not told either.
 */
@Component
public class CaseAccess {

    static final String OBJECT_TYPE = "CASE";
    /** The object type of a case in the audit trail, for the features beside the case that record on it. */
    public static final String OBJECT_TYPE_CASE = OBJECT_TYPE;

    /** Generic refusal reasons: an audit record of a refusal never carries data of the case. */
    static final String NOT_READABLE = "not a member of the case's task force";

    static final String NO_SUCH_CASE = "no such case";
    static final String PURGED = "the case was purged";
    static final String NOT_COORDINATOR = "not a coordinator of the case's task force";
    static final String IDENTITY_MISMATCH = "the request body contradicts the caller's token";
    static final String IN_NO_TASK_FORCE = "the caller is a member of no task force";
    static final String FILTER_OUT_OF_SCOPE = "task force filter outside the caller's task forces";

    public static final String TRANSFER = "TRANSFER";
    static final String NO_SUCH_TRANSFER = "no such transfer";
    static final String NOT_A_SIDE = "not a coordinator of either task force of the transfer";
    static final String WRONG_SIDE = "a coordinator of the other task force of the transfer";

    /** What the caller must be in the case's task force to act on the case. */
    public enum Needs {
        /** notes, outcomes, planned operations: any current member */
        MEMBER,
        /** assignment, status, deconfliction decisions: a coordinator */
        COORDINATOR
    }

    /**
     * The member acting on a case, and how the request names the actor: {@code field} is the body's field for it
     * ({@code assignedBy}, {@code registeredBy}), {@code named} its value, null when the body names nobody. The
     * token's member acts; a body naming someone else is refused, naming the field.
     */
    public record Actor(String field, String named) {

        /** The request names no actor: the token's member acts. */
        public static Actor fromToken() {
            return new Actor(null, null);
        }
    }

    /** A case a command is run on, and the member running it. */
    public record Acting(Versioned<Case> theCase, String memberId) {}

    private final Cases cases;
    private final Tombstones tombstones;
    private final Directory directory;
    private final AuditTrail audit;

    public CaseAccess(Cases cases, Tombstones tombstones, Directory directory, AuditTrail audit) {
        this.cases = cases;
        this.tombstones = tombstones;
        this.directory = directory;
        this.audit = audit;
    }

    /** The case if the caller may read it, the reading recorded under {@code action}; 404 as for a missing case. */
    public Versioned<Case> read(Caller caller, String action, String caseId) {
        return read(caller, action, caseId, () -> NotFound.of("case", caseId));
    }

    /** The same, refusing with {@code unseen} instead: what the caller reached the case through. */
    public Versioned<Case> read(Caller caller, String action, String caseId, Supplier<NotFound> unseen) {
        Versioned<Case> found = readable(caller, action, caseId, unseen);
        audit.allowed(caller, action, OBJECT_TYPE, caseId);
        return found;
    }

    /**
     * Decides whether the caller may run a command on the case and answers the case and the acting member: 404 when
     * the case is not readable, 403 when it is but the caller lacks the task force role, 403 naming the field when
     * the body names another actor than the token. The decision is recorded either way. A transfer may move the
     * case to another task force between this decision and the command; the command's own rules check the acting
     * member against the roster of the task force the case is in when it applies, so the decision cannot outlive
     * the move.
     */
    public Acting act(Caller caller, String action, String caseId, Needs needs, Actor actor) {
        return act(caller, action, caseId, needs, actor, () -> NotFound.of("case", caseId));
    }

    /** The same, refusing an unreadable case with {@code unseen}. */
    public Acting act(
            Caller caller, String action, String caseId, Needs needs, Actor actor, Supplier<NotFound> unseen) {
        Versioned<Case> found = readable(caller, action, caseId, unseen);
        boolean hasRole = switch (needs) {
            case MEMBER -> belongsToTaskForceOf(caller, found.value());
            case COORDINATOR -> coordinates(caller, found.value());
        };
        if (!hasRole) {
            audit.refused(
                    caller, action, OBJECT_TYPE, caseId, needs == Needs.COORDINATOR ? NOT_COORDINATOR : NOT_READABLE);
            throw new Forbidden(
                    needs == Needs.COORDINATOR
                            ? "only a coordinator of the case's task force may do this"
                            : "only a member of the case's task force may do this");
        }
        String memberId;
        try {
            memberId = Caller.sameAsToken(actor.field(), actor.named(), caller.memberId());
        } catch (Forbidden mismatch) {
            audit.refused(caller, action, OBJECT_TYPE, caseId, IDENTITY_MISMATCH);
            throw mismatch;
        }
        audit.allowed(caller, action, OBJECT_TYPE, caseId);
        return new Acting(found, memberId);
    }

    /** What the caller must be to act on a transfer of a case between two task forces. */
    public enum TransferRole {
        /** reading it: a coordinator of either side, or an administrator */
        EITHER_SIDE,
        /** accepting or declining: a coordinator of the receiving task force */
        RECEIVING,
        /** withdrawing: a coordinator of the proposing task force (the case's rules then ask for the proposer) */
        PROPOSING
    }

    /**
     * Decides whether the caller may read or act on a transfer from one task force to another and answers the
     * acting member (null for an administrator reading). A caller who coordinates neither side is told the transfer
     * does not exist (404), as for a case; one who coordinates the wrong side is refused (403). The receiving side
     * reads the transfer, never the case: the case itself stays readable only by its own task force until the move.
     * Recorded under {@code action} on the transfer either way.
     */
    public String actOnTransfer(
            Caller caller,
            String action,
            String transferId,
            String fromTaskForceId,
            String toTaskForceId,
            TransferRole needs) {
        Optional<Member> member = directoryMember(caller);
        boolean proposing = member.map(m -> m.coordinates(fromTaskForceId)).orElse(false);
        boolean receiving = member.map(m -> m.coordinates(toTaskForceId)).orElse(false);
        if (!proposing && !receiving && !(needs == TransferRole.EITHER_SIDE && caller.isAdmin())) {
            audit.refused(caller, action, TRANSFER, transferId, NOT_A_SIDE);
            throw NotFound.of("transfer", transferId);
        }
        boolean allowed = switch (needs) {
            case EITHER_SIDE -> true;
            case RECEIVING -> receiving;
            case PROPOSING -> proposing;
        };
        if (!allowed) {
            audit.refused(caller, action, TRANSFER, transferId, WRONG_SIDE);
            throw new Forbidden(
                    needs == TransferRole.RECEIVING
                            ? "only a coordinator of the receiving task force may decide a transfer"
                            : "only the proposing task force's coordinator may withdraw a transfer");
        }
        audit.allowed(caller, action, TRANSFER, transferId);
        return member.map(Member::id).orElse(null);
    }

    /** A transfer id that points at nothing: recorded as refused and answered as missing. */
    public NotFound noSuchTransfer(Caller caller, String action, String transferId) {
        audit.refused(caller, action, TRANSFER, transferId, NO_SUCH_TRANSFER);
        return NotFound.of("transfer", transferId);
    }

    /** Whether the caller may list the task force's cases due for review: its coordinators and administrators. */
    public boolean followsReviewsOf(Caller caller, String taskForceId) {
        return followsTransfersOf(caller, taskForceId);
    }

    /** Whether the caller may list a task force's transfers: its coordinators and administrators. */
    public boolean followsTransfersOf(Caller caller, String taskForceId) {
        return caller.isAdmin()
                || directoryMember(caller).map(m -> m.coordinates(taskForceId)).orElse(false);
    }

    /**
     * The cases a list may cover: those of {@code taskForceIds}, or of every task force when {@code unrestricted}
     * (then {@code taskForceIds} names the directory's task forces, for lookups that go by task force). Empty when
     * the list finds nothing.
     */
    public record ListScope(Set<String> taskForceIds, boolean unrestricted) {

        public ListScope {
            taskForceIds = Set.copyOf(taskForceIds);
        }

        static ListScope nothing() {
            return new ListScope(Set.of(), false);
        }

        public boolean isEmpty() {
            return !unrestricted && taskForceIds.isEmpty();
        }
    }

    /**
     * Decides what a list of cases may cover and records it under {@code action}, the task force filter (or
     * {@code *}) as object. A filter on a task force the caller may not read, or a caller of no task force, is not
     * refused with an error: the list is just empty, as if that task force had no cases, so the answer tells
     * nothing about another task force's cases.
     */
    public ListScope list(Caller caller, String action, String taskForceFilter) {
        boolean filtered = taskForceFilter != null && !taskForceFilter.isBlank();
        String objectId = filtered ? taskForceFilter : "*";
        Optional<Set<String>> readable = readableTaskForces(caller);
        if (readable.isPresent() && readable.get().isEmpty()) {
            audit.refused(caller, action, OBJECT_TYPE, objectId, IN_NO_TASK_FORCE);
            return ListScope.nothing();
        }
        if (readable.isPresent() && filtered && !readable.get().contains(taskForceFilter)) {
            audit.refused(caller, action, OBJECT_TYPE, objectId, FILTER_OUT_OF_SCOPE);
            return ListScope.nothing();
        }
        audit.allowed(caller, action, OBJECT_TYPE, objectId);
        if (filtered) {
            return new ListScope(Set.of(taskForceFilter), false);
        }
        return readable.map(taskForces -> new ListScope(taskForces, false))
                .orElseGet(() -> new ListScope(
                        directory.taskForces().stream().map(TaskForce::id).collect(Collectors.toSet()), true));
    }

    /**
     * Records each case a list returned as read under {@code action}, as if opened one by one: a list shows case
     * content (titles, subjects, identifiers), so "who viewed this case" must find list reads too.
     */
    public void listed(Caller caller, String action, List<String> caseIds) {
        audit.allowedEach(caller, action, OBJECT_TYPE, caseIds);
    }

    /** The task forces whose cases the caller may read now; empty when the caller may read every case (ADMIN). */
    public Optional<Set<String>> readableTaskForces(Caller caller) {
        if (caller.isAdmin()) {
            return Optional.empty();
        }
        return Optional.of(
                directoryMember(caller).map(m -> Set.copyOf(m.taskForceIds())).orElse(Set.of()));
    }

    public boolean mayRead(Caller caller, Case c) {
        return caller.isAdmin() || belongsToTaskForceOf(caller, c);
    }

    /** Notes and outcomes: any current member of the case's task force. */
    public boolean belongsToTaskForceOf(Caller caller, Case c) {
        return directoryMember(caller).map(m -> m.belongsTo(c.taskForceId())).orElse(false);
    }

    /** Assignment and status: only a coordinator of the case's task force, as the directory says now. */
    public boolean coordinates(Caller caller, Case c) {
        return directoryMember(caller).map(m -> m.coordinates(c.taskForceId())).orElse(false);
    }

    private Versioned<Case> readable(Caller caller, String action, String caseId, Supplier<NotFound> unseen) {
        Optional<Versioned<Case>> found = cases.find(caseId);
        Optional<Tombstone> gone = found.isPresent()
                ? found.filter(c -> c.value().purged()).map(c -> Tombstone.of(c.value(), null))
                : tombstones.find(caseId);
        if (gone.isPresent()) {
            throw gone(caller, action, gone.get(), unseen);
        }
        if (found.isEmpty()) {
            audit.refused(caller, action, OBJECT_TYPE, caseId, NO_SUCH_CASE);
            throw unseen.get();
        }
        if (!mayRead(caller, found.get().value())) {
            audit.refused(caller, action, OBJECT_TYPE, caseId, NOT_READABLE);
            throw unseen.get();
        }
        return found.get();
    }

    /**
     * A purged case: those who could have read it (its task force's members, administrators) are told it is gone,
     * with its tombstone; anyone else that it does not exist, as for any case they may not read. Recorded as refused
     * either way, under the caller's action.
     */
    private RuntimeException gone(Caller caller, String action, Tombstone tombstone, Supplier<NotFound> unseen) {
        if (!caller.isAdmin()
                && !directoryMember(caller)
                        .map(m -> m.belongsTo(tombstone.taskForceId()))
                        .orElse(false)) {
            audit.refused(caller, action, OBJECT_TYPE, tombstone.caseId(), NOT_READABLE);
            return unseen.get();
        }
        audit.refused(caller, action, OBJECT_TYPE, tombstone.caseId(), PURGED);
        return new Gone("Case purged", "case " + tombstone.caseNumber() + " was purged on " + tombstone.purgedAt())
                .withProperty("caseId", tombstone.caseId())
                .withProperty("caseNumber", tombstone.caseNumber())
                .withProperty("formerCaseNumbers", tombstone.formerCaseNumbers())
                .withProperty("taskForceId", tombstone.taskForceId())
                .withProperty("purgedAt", String.valueOf(tombstone.purgedAt()))
                .withProperty("cause", String.valueOf(tombstone.cause()))
                .withProperty("decidedBy", tombstone.decidedBy());
    }

    /**
     * The directory member the caller is, if the token names one with a person's role and the directory agrees on
     * the agency: a token minted for one agency cannot borrow the membership of another agency's officer.
     */
    private Optional<Member> directoryMember(Caller caller) {
        if (caller.memberId() == null || !caller.hasAny(Role.MEMBER, Role.COORDINATOR)) {
            return Optional.empty();
        }
        return directory.member(caller.memberId()).filter(m -> caller.belongsTo(m.agencyId()));
    }
}
