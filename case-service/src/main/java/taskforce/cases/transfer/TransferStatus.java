package taskforce.cases.transfer;

/** Where a transfer stands: waiting for the receiving task force, or how it ended. */
public enum TransferStatus {
    PROPOSED,
    ACCEPTED,
    DECLINED,
    WITHDRAWN
}
