package taskforce.notification.subscription;

public enum SubscriptionStatus {
    ACTIVE,
    /** The receiver answered 410 Gone: it asked not to be called again. */
    DISABLED
}
