package taskforce.intake.lead;

public enum LeadStatus {
    /** Accepted by intake, waiting for triage. */
    RECEIVED,
    /** Triage linked the lead to a case. */
    LINKED,
    /** Triage refused to make a case of it, with a reason. */
    REJECTED
}
