package taskforce.notification.delivery;

public enum DeliveryStatus {
    /** Not attempted yet. */
    PENDING,
    SUCCEEDED,
    /** The last attempt failed; another is scheduled. */
    FAILED,
    /** Given up: retries exhausted, the receiver is gone, or its subscription was removed. */
    DEAD,
    /**
     * An administrator asked for it to be sent again (after DEAD, or even SUCCEEDED when a receiver lost what it
     * got): one more attempt is due now, under the same webhook id, after which it ends SUCCEEDED or DEAD again.
     */
    REPLAYING,
    /**
     * Withheld for good because the receiver may no longer know about the case: the agency's agreement with the
     * task force is no longer in force, or the member left the task force. The attempt's error says which.
     */
    SUPPRESSED,
    /**
     * The case was purged (issue 15): what the delivery carried, its target and its attempts are erased, and only
     * its id (the {@code webhook-id} the receiver got), subscription, event id and time are left, so the receiver
     * can find what it holds of the case. Never sent again.
     */
    PURGED
}
