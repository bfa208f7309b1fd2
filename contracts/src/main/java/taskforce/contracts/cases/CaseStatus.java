package taskforce.contracts.cases;

public enum CaseStatus {
    OPEN,
    ASSIGNED,
    ACTIVE,
    SUSPENDED,
    CLOSED
}
