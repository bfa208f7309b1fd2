package taskforce.notification.subscription;

import java.time.Instant;

public record Subscription(
        String id,
        String agencyId,
        SubscriptionScope scope,
        Channel channel,
        SubscriptionStatus status,
        Instant createdAt,
        Instant disabledAt,
        String disabledReason) {

    public Subscription withChannel(Channel newChannel) {
        return new Subscription(id, agencyId, scope, newChannel, status, createdAt, disabledAt, disabledReason);
    }

    /** A subscription receives what happens after it was made, never the history before it. */
    public boolean receives(String caseId, String taskForceId, Instant eventTime) {
        return status == SubscriptionStatus.ACTIVE
                && eventTime != null
                && eventTime.isAfter(createdAt)
                && scope.covers(caseId, taskForceId);
    }
}
