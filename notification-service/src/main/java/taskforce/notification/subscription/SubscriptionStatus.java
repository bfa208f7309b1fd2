package taskforce.notification.subscription;

public enum SubscriptionStatus {
    ACTIVE,
    /**
     * An e-mail subscription to an address outside the agency's directory entries, waiting for someone at the
     * address to follow the link sent to it; it receives nothing meanwhile.
     */
    PENDING_VERIFICATION,
    /** The receiver answered 410 Gone: it asked not to be called again. */
    DISABLED
}
