package taskforce.notification.delivery;

import java.time.Instant;
import java.util.List;
import taskforce.notification.DerivedId;

/**
 * One event on its way to one receiver. The id is derived from the event and the receiver, so a redelivered
 * event finds the delivery it already made; webhooks send it as {@code webhook-id} so receivers can drop repeats.
 * {@code taskForceId} is the case's task force, against which the receiver's right to know is checked before every
 * attempt. {@code body} is what is sent (the CloudEvent for webhooks, the text for e-mails).
 */
public record Delivery(
        String id,
        String subscriptionId,
        String memberId,
        String eventId,
        String eventType,
        String caseId,
        String taskForceId,
        DeliveryChannel channel,
        String target,
        String subject,
        String body,
        DeliveryStatus status,
        List<DeliveryAttempt> attempts,
        Instant createdAt,
        Instant nextAttemptAt) {

    public static Delivery webhook(
            String subscriptionId,
            String eventId,
            String eventType,
            String caseId,
            String taskForceId,
            String url,
            String cloudEventJson,
            Instant now) {
        return new Delivery(
                DerivedId.of(eventId, subscriptionId),
                subscriptionId,
                null,
                eventId,
                eventType,
                caseId,
                taskForceId,
                DeliveryChannel.WEBHOOK,
                url,
                null,
                cloudEventJson,
                DeliveryStatus.PENDING,
                List.of(),
                now,
                now);
    }

    public static Delivery subscribedEmail(
            String subscriptionId,
            String eventId,
            String eventType,
            String caseId,
            String taskForceId,
            String address,
            String subject,
            String text,
            Instant now) {
        return new Delivery(
                DerivedId.of(eventId, subscriptionId),
                subscriptionId,
                null,
                eventId,
                eventType,
                caseId,
                taskForceId,
                DeliveryChannel.EMAIL,
                address,
                subject,
                text,
                DeliveryStatus.PENDING,
                List.of(),
                now,
                now);
    }

    /** The e-mail a member gets about their own assignment, apart from any subscription. */
    public static Delivery memberEmail(
            String memberId,
            String eventId,
            String eventType,
            String caseId,
            String taskForceId,
            String address,
            String subject,
            String text,
            Instant now) {
        return new Delivery(
                DerivedId.of(eventId, "member-email", memberId),
                null,
                memberId,
                eventId,
                eventType,
                caseId,
                taskForceId,
                DeliveryChannel.EMAIL,
                address,
                subject,
                text,
                DeliveryStatus.PENDING,
                List.of(),
                now,
                now);
    }

    public boolean finished() {
        return status == DeliveryStatus.SUCCEEDED
                || status == DeliveryStatus.DEAD
                || status == DeliveryStatus.SUPPRESSED;
    }

    public boolean neverAttempted() {
        return status == DeliveryStatus.PENDING && (attempts == null || attempts.isEmpty());
    }

    public int attemptCount() {
        return attempts == null ? 0 : attempts.size();
    }
}
