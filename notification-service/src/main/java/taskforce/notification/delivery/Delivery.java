package taskforce.notification.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import taskforce.notification.DerivedId;

/**
 * One event on its way to one receiver. The id is derived from the event and the receiver, so a redelivered
 * event finds the delivery it already made; webhooks send it as {@code webhook-id} so receivers can drop repeats.
 * {@code taskForceId} is the case's task force, against which the receiver's right to know is checked before every
 * attempt. {@code body} is what is sent (the CloudEvent for webhooks, the text for e-mails) to a receiver entitled
 * to the case's content; {@code thinSubject} and {@code thinBody} are the form without content, sent to any other
 * subscriber (see {@code DisseminationRule}). Member e-mails have no thin form: they go to members of the case's
 * task force only.
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
        Instant nextAttemptAt,
        String thinSubject,
        String thinBody) {

    public static Delivery webhook(
            String subscriptionId,
            String eventId,
            String eventType,
            String caseId,
            String taskForceId,
            String url,
            String cloudEventJson,
            String thinCloudEventJson,
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
                now,
                null,
                thinCloudEventJson);
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
            String thinSubject,
            String thinText,
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
                now,
                thinSubject,
                thinText);
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
                now,
                null,
                null);
    }

    /**
     * The delivery as sent to a receiver not entitled to the case's content: the thin subject and body in place
     * of the full ones. Empty for a delivery recorded without a thin form, which is then not sent at all.
     */
    public Optional<Delivery> withoutContent() {
        if (thinBody == null) {
            return Optional.empty();
        }
        return Optional.of(new Delivery(
                id,
                subscriptionId,
                memberId,
                eventId,
                eventType,
                caseId,
                taskForceId,
                channel,
                target,
                thinSubject,
                thinBody,
                status,
                attempts,
                createdAt,
                nextAttemptAt,
                thinSubject,
                thinBody));
    }

    public boolean finished() {
        return status == DeliveryStatus.SUCCEEDED
                || status == DeliveryStatus.DEAD
                || status == DeliveryStatus.SUPPRESSED
                || status == DeliveryStatus.PURGED;
    }

    public boolean neverAttempted() {
        return status == DeliveryStatus.PENDING && (attempts == null || attempts.isEmpty());
    }

    public int attemptCount() {
        return attempts == null ? 0 : attempts.size();
    }
}
