package taskforce.intake.lead;

public enum LeadStatus {
    /** Accepted by intake, waiting for triage. */
    RECEIVED,
    /** Triage linked the lead to a case. */
    LINKED,
    /** Triage refused to make a case of it, with a reason. */
    REJECTED,
    /** The lead's case was purged and the lead's content erased with it (issue 15); only a stub is left. */
    PURGED
}
