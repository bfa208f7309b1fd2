package taskforce.contracts.lead;

public enum TriageOutcome {
    /** The lead opened a new case or joined an open one; {@code caseId} names it. */
    LINKED,
    /** The lead could not become a case; {@code reason} says why. */
    REJECTED
}
