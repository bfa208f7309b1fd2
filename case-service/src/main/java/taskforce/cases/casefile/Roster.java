package taskforce.cases.casefile;

/** Who belongs to the task force of a case, as the directory knows it when a command runs. */
public interface Roster {

    boolean isMember(String memberId);

    boolean isCoordinator(String memberId);
}
