package taskforce.contracts.cases;

public enum AssignmentRole {
    LEAD,
    SUPPORT
}
