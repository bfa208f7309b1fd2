package taskforce.contracts.audit;

/** Whether the access was let through or refused; a refused access is recorded without any data of the object. */
public enum AuditOutcome {
    ALLOWED,
    REFUSED
}
