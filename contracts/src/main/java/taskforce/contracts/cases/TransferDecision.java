package taskforce.contracts.cases;

/** How a proposed transfer ended: the receiving coordinator accepted or declined it, or the proposer withdrew it. */
public enum TransferDecision {
    ACCEPTED,
    DECLINED,
    WITHDRAWN
}
