package taskforce.notification.delivery;

public enum DeliveryStatus {
    /** Not attempted yet. */
    PENDING,
    SUCCEEDED,
    /** The last attempt failed; another is scheduled. */
    FAILED,
    /** Given up: retries exhausted, the receiver is gone, or its subscription was removed. */
    DEAD
}
