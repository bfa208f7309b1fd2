package taskforce.notification.subscription;

public record SubscriptionRequest(String agencyId, SubscriptionScope scope, Channel channel) {}
