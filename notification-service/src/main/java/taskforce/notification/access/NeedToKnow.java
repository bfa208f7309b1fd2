package taskforce.notification.access;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Service;
import taskforce.notification.directory.Directory;

/**
 * Who may learn what happens on a case, decided from this service's own read models (the directory and the
 * known cases) as they are now, never from what a token said when it was issued: a suspended agreement or a
 * member who left a task force stops receiving at once. Asked when subscribing and again before every
 * notification and every delivery attempt.
 */
@Service
public class NeedToKnow {

    private final Directory directory;
    private final KnownCases cases;
    private final Clock clock;

    NeedToKnow(Directory directory, KnownCases cases, Clock clock) {
        this.clock = clock;
        this.directory = directory;
        this.cases = cases;
    }

    public Optional<String> taskForceOfCase(String caseId) {
        return cases.taskForceOf(caseId);
    }

    /** The agency has an agreement in force with the task force today. */
    public boolean agencyTakesPartIn(String agencyId, String taskForceId) {
        return directory.agreementInForce(agencyId, taskForceId, LocalDate.now(clock));
    }

    /** The agency may read the case: the case is known and the agency takes part in its task force. */
    public boolean agencyMayReadCase(String agencyId, String caseId) {
        return taskForceOfCase(caseId)
                .map(taskForceId -> agencyTakesPartIn(agencyId, taskForceId))
                .orElse(false);
    }

    /** The directory lists the member in the task force now. */
    public boolean memberIsIn(String memberId, String taskForceId) {
        return directory.memberIn(memberId, taskForceId);
    }

    /** The directory lists the member as one of the agency's. */
    public boolean memberBelongsTo(String memberId, String agencyId) {
        return directory
                .member(memberId)
                .map(member -> agencyId != null && agencyId.equals(member.agencyId()))
                .orElse(false);
    }

    /** The address is a directory address of one of the agency's members. */
    public boolean isDirectoryAddressOf(String agencyId, String address) {
        return directory.isAddressOfMember(agencyId, address);
    }
}
