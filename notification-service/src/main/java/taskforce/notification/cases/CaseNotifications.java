package taskforce.notification.cases;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.notification.delivery.Delivery;
import taskforce.notification.delivery.OutboundDelivery;
import taskforce.notification.directory.Directory;
import taskforce.notification.directory.Member;
import taskforce.notification.inbox.MemberInbox;
import taskforce.notification.inbox.Notification;
import taskforce.notification.subscription.Subscription;
import taskforce.notification.subscription.Subscriptions;

/**
 * Turns one case event into everything it causes: the (un)assigned member's inbox entry and e-mail, and one
 * delivery or inbox entry per subscription that covers the case. Every effect has an id derived from the event,
 * so handling the same event twice changes nothing.
 */
@Service
public class CaseNotifications {

    private final Directory directory;
    private final MemberInbox inbox;
    private final Subscriptions subscriptions;
    private final OutboundDelivery outbound;

    CaseNotifications(Directory directory, MemberInbox inbox, Subscriptions subscriptions, OutboundDelivery outbound) {
        this.directory = directory;
        this.inbox = inbox;
        this.subscriptions = subscriptions;
        this.outbound = outbound;
    }

    /** {@code receivedJson} is the event as it arrived, forwarded unchanged to webhooks. */
    public void handle(CloudEvent event, String receivedJson) {
        CaseEvent caseEvent = CaseEvent.of(event);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (caseEvent.concernsMember()) {
            notifyMember(caseEvent, now);
        }
        Instant happenedAt = caseEvent.time() != null ? caseEvent.time() : now;
        for (Subscription subscription : subscriptions.matching(caseEvent.caseId(), caseEvent.taskForceId())) {
            if (subscription.receives(caseEvent.caseId(), caseEvent.taskForceId(), happenedAt)) {
                notifySubscriber(subscription, caseEvent, receivedJson, now);
            }
        }
    }

    private void notifyMember(CaseEvent caseEvent, Instant now) {
        inbox.deliver(Notification.forEvent(
                caseEvent.eventId(),
                caseEvent.memberId(),
                caseEvent.caseId(),
                caseEvent.caseNumber(),
                caseEvent.type(),
                caseEvent.personalTitle(),
                now));
        // enqueued even when the member is not known yet: the address is looked up when the e-mail is sent
        Optional<Member> member = directory.member(caseEvent.memberId());
        String greeting =
                member.map(Member::name).map(name -> "Hello " + name + ",").orElse(null);
        outbound.enqueue(Delivery.memberEmail(
                caseEvent.memberId(),
                caseEvent.eventId(),
                caseEvent.type(),
                caseEvent.caseId(),
                member.map(Member::email).orElse(null),
                caseEvent.personalTitle(),
                caseEvent.describe(greeting, caseEvent.personalTitle()),
                now));
    }

    private void notifySubscriber(Subscription subscription, CaseEvent caseEvent, String receivedJson, Instant now) {
        switch (subscription.channel().type()) {
            case WEBHOOK ->
                outbound.enqueue(Delivery.webhook(
                        subscription.id(),
                        caseEvent.eventId(),
                        caseEvent.type(),
                        caseEvent.caseId(),
                        subscription.channel().url(),
                        receivedJson,
                        now));
            case EMAIL ->
                outbound.enqueue(Delivery.subscribedEmail(
                        subscription.id(),
                        caseEvent.eventId(),
                        caseEvent.type(),
                        caseEvent.caseId(),
                        subscription.channel().address(),
                        caseEvent.headline(),
                        caseEvent.describe(null, caseEvent.headline()),
                        now));
            case INBOX ->
                inbox.deliver(Notification.forEvent(
                        caseEvent.eventId(),
                        subscription.channel().memberId(),
                        caseEvent.caseId(),
                        caseEvent.caseNumber(),
                        caseEvent.type(),
                        caseEvent.headline(),
                        now));
        }
    }
}
