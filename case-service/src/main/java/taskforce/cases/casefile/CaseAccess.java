package taskforce.cases.casefile;

import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Member;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

/**
 * Who may read and change which case (need-to-know). Membership is looked up in this service's own directory at
 * every request rather than in the token's {@code task_force_ids}: a member who leaves a task force loses its
 * cases at once, not when the token expires. Administrators read every case but, not being members, change none;
 * agency administrators and agency systems never see case content.
 */
@Component
public class CaseAccess {

    private final Directory directory;

    public CaseAccess(Directory directory) {
        this.directory = directory;
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
