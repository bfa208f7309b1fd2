package taskforce.contracts.cases;

public enum CaseStatus {
    OPEN,
    ASSIGNED,
    ACTIVE,
    SUSPENDED,
    CLOSED,
    /** merged into another case of its task force, which carries on; read only */
    MERGED
}
