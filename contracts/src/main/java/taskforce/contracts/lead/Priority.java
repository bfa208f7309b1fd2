package taskforce.contracts.lead;

public enum Priority {
    ROUTINE,
    PRIORITY,
    URGENT
}
