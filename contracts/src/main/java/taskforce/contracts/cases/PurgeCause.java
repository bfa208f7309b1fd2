package taskforce.contracts.cases;

/** Why a case was purged: a coordinator's review decided so, or its review lapsed past the grace period. */
public enum PurgeCause {
    REVIEW_DECISION,
    REVIEW_LAPSED
}
