package taskforce.cases.casefile;

import java.time.LocalDate;

/** Who takes part in the task force of a case, as the directory knows it when a command runs. */
public interface Roster {

    boolean isMember(String memberId);

    boolean isCoordinator(String memberId);

    /** Whether the agency had an ACTIVE agreement with the task force in force on the day. */
    boolean takesPart(String agencyId, LocalDate day);
}
