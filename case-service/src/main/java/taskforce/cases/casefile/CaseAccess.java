package taskforce.cases.casefile;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Member;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

/**
 * Who may read and change which case (need-to-know), and the one place that decides it for the case itself and
 * for everything kept beside it (its deconfliction hits and possible matches, its planned operations). Every
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

    /** Generic refusal reasons: an audit record of a refusal never carries data of the case. */
    static final String NOT_READABLE = "not a member of the case's task force";

    static final String NO_SUCH_CASE = "no such case";
    static final String NOT_COORDINATOR = "not a coordinator of the case's task force";
    static final String IDENTITY_MISMATCH = "the request body contradicts the caller's token";

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
    private final Directory directory;
    private final AuditTrail audit;

    public CaseAccess(Cases cases, Directory directory, AuditTrail audit) {
        this.cases = cases;
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
     * the body names another actor than the token. The decision is recorded either way; the task force of a case
     * never changes, so deciding on the version read here holds for the version the command is applied to.
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
