package taskforce.notification.subscription;

/**
 * A subscription as requested. {@code agencyId} may be omitted: the caller's token names the agency, and a value
 * that contradicts it is refused (403); it stays in the API for existing clients.
 */
public record SubscriptionRequest(String agencyId, SubscriptionScope scope, Channel channel) {}
