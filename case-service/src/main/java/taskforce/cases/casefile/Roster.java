package taskforce.cases.casefile;

/** Who takes part in the task force of a case, as the directory knows it when a command runs. */
public interface Roster {

    boolean isMember(String memberId);

    boolean isCoordinator(String memberId);

    /** Whether the agency has an ACTIVE agreement with the task force, in force today. */
    boolean takesPart(String agencyId);
}
