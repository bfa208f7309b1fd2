package taskforce.notification.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseStatus;
import taskforce.notification.access.DisseminationRule;
import taskforce.notification.access.KnownCase;
import taskforce.notification.access.NeedToKnow;
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
 *
 * <p>Need to know is checked here, when the event arrives, and again by {@link OutboundDelivery} before every
 * attempt: a member who is no longer in the case's task force gets no inbox entry, push or e-mail, and an agency
 * without an agreement in force with it gets no delivery at all (not even a record of one). Neither learns that
 * they were left out.
 */
@Service
public class CaseNotifications {

    private final Directory directory;
    private final MemberInbox inbox;
    private final Subscriptions subscriptions;
    private final OutboundDelivery outbound;
    private final NeedToKnow needToKnow;
    private final DisseminationRule dissemination;
    private final Clock clock;
    private final CasePurge purge;
    private final CaseTraces traces;

    CaseNotifications(
            Directory directory,
            MemberInbox inbox,
            Subscriptions subscriptions,
            OutboundDelivery outbound,
            NeedToKnow needToKnow,
            DisseminationRule dissemination,
            Clock clock,
            CasePurge purge,
            CaseTraces traces) {
        this.purge = purge;
        this.traces = traces;
        this.clock = clock;
        this.directory = directory;
        this.dissemination = dissemination;
        this.needToKnow = needToKnow;
        this.inbox = inbox;
        this.subscriptions = subscriptions;
        this.outbound = outbound;
    }

    /** {@code receivedJson} is the event as it arrived, forwarded unchanged to webhooks. */
    public void handle(CloudEvent event, String receivedJson) {
        CaseEvent caseEvent = CaseEvent.of(event);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (EventTypes.CASE_PURGED.name().equals(event.type())) {
            // erased, and nobody told: a notice would itself be a record of the case here (README, issue 15)
            purge.erase(EventCodec.instance().payload(event, EventTypes.CASE_PURGED), now);
            return;
        }
        if (purge.isPurged(caseEvent.caseId())) {
            return; // a late event of a purged case (re-driven from the dead-letter topic): nothing comes back
        }
        CaseTraces.Trace trace = new CaseTraces.Trace();
        try {
            notifyAll(caseEvent, event, receivedJson, now, trace);
        } finally {
            // what the event made is filed even when it stopped half way, so that a purge finds it
            traces.file(caseEvent.caseId(), caseEvent.eventId(), trace);
        }
    }

    private void notifyAll(
            CaseEvent caseEvent, CloudEvent event, String receivedJson, Instant now, CaseTraces.Trace trace) {
        KnownCase known = dissemination.learn(event, caseEvent.caseId(), caseEvent.taskForceId());
        if (caseEvent.concernsMember()) {
            notifyMember(caseEvent, caseEvent.memberId(), caseEvent.personalTitle(), now, trace);
        }
        // one entry per member even when a member is told for two reasons (coordinator of both sides, assigned too)
        Set<String> told = new HashSet<>();
        if (caseEvent.concernsCoordinators()) {
            for (Member coordinator : directory.coordinatorsOf(caseEvent.taskForceId())) {
                if (told.add(coordinator.id())) {
                    notifyMember(caseEvent, coordinator.id(), caseEvent.coordinatorTitle(), now, trace);
                }
            }
            String otherSide = caseEvent.otherTaskForceId();
            if (otherSide != null) {
                for (Member coordinator : directory.coordinatorsOf(otherSide)) {
                    if (told.add(coordinator.id())) {
                        notifyMember(caseEvent, coordinator.id(), caseEvent.coordinatorTitle(), otherSide, now, trace);
                    }
                }
            }
        }
        if (caseEvent.concernsAssignees()) {
            for (String memberId : known.assignedMemberIds()) {
                if (told.add(memberId)) {
                    notifyMember(caseEvent, memberId, caseEvent.assigneeTitle(), now, trace);
                }
            }
        }
        Instant happenedAt = caseEvent.time() != null ? caseEvent.time() : now;
        for (Subscription subscription : subscriptions.matching(caseEvent.caseId(), caseEvent.taskForceId())) {
            if (subscription.receives(caseEvent.caseId(), caseEvent.taskForceId(), happenedAt)
                    && needToKnow.agencyTakesPartIn(subscription.agencyId(), caseEvent.taskForceId())) {
                notifySubscriber(subscription, caseEvent, known, event, receivedJson, now, trace);
            }
        }
    }

    /**
     * The inbox entry (and its live push) needs the member in the task force now. The e-mail is enqueued even for
     * a member the directory does not know yet: its attempts wait for the directory entry and then check the
     * membership themselves.
     */
    private void notifyMember(CaseEvent caseEvent, String memberId, String title, Instant now, CaseTraces.Trace trace) {
        notifyMember(caseEvent, memberId, title, caseEvent.taskForceId(), now, trace);
    }

    /**
     * The same for a member who is told as one of {@code taskForceId}: the other side of a transfer, told of a
     * case it may not read yet (or no longer), by a headline that carries nothing it may not see.
     */
    private void notifyMember(
            CaseEvent caseEvent,
            String memberId,
            String title,
            String taskForceId,
            Instant now,
            CaseTraces.Trace trace) {
        Optional<Member> member = directory.member(memberId);
        if (member.isPresent() && !needToKnow.memberIsIn(memberId, taskForceId)) {
            return;
        }
        if (member.isPresent()) {
            deliver(
                    Notification.forEvent(
                            caseEvent.eventId(),
                            memberId,
                            caseEvent.caseId(),
                            caseEvent.caseNumber(),
                            caseEvent.type(),
                            title,
                            now),
                    trace);
        }
        String greeting =
                member.map(Member::name).map(name -> "Hello " + name + ",").orElse(null);
        enqueue(
                trace,
                Delivery.memberEmail(
                        memberId,
                        caseEvent.eventId(),
                        caseEvent.type(),
                        caseEvent.caseId(),
                        taskForceId,
                        member.map(Member::email).orElse(null),
                        title,
                        caseEvent.describe(greeting, title),
                        now));
    }

    /**
     * Each delivery is recorded in both forms, the full one and the thin one; {@link OutboundDelivery} sends the
     * one the {@link DisseminationRule} allows at the time of each attempt.
     */
    private void notifySubscriber(
            Subscription subscription,
            CaseEvent caseEvent,
            KnownCase known,
            CloudEvent event,
            String receivedJson,
            Instant now,
            CaseTraces.Trace trace) {
        CaseStatus status = known.status() == null ? null : CaseStatus.valueOf(known.status());
        switch (subscription.channel().type()) {
            case WEBHOOK ->
                enqueue(
                        trace,
                        Delivery.webhook(
                                subscription.id(),
                                caseEvent.eventId(),
                                caseEvent.type(),
                                caseEvent.caseId(),
                                caseEvent.taskForceId(),
                                subscription.channel().url(),
                                receivedJson,
                                CaseEventForms.thinWebhookBody(receivedJson, caseEvent, status),
                                now));
            case EMAIL ->
                enqueue(
                        trace,
                        Delivery.subscribedEmail(
                                subscription.id(),
                                caseEvent.eventId(),
                                caseEvent.type(),
                                caseEvent.caseId(),
                                caseEvent.taskForceId(),
                                subscription.channel().address(),
                                caseEvent.headline(),
                                CaseEventForms.fullEmailText(caseEvent, event.data()),
                                CaseEventForms.thinEmailSubject(caseEvent),
                                CaseEventForms.thinEmailText(caseEvent, status),
                                now));
            case INBOX -> {
                // the agency's inbox subscription reaches its own people who may read the case only: one who moved
                // agency or left the case's task force gets nothing
                String memberId = subscription.channel().memberId();
                if (needToKnow.memberBelongsTo(memberId, subscription.agencyId())
                        && needToKnow.memberIsIn(memberId, caseEvent.taskForceId())) {
                    deliver(
                            Notification.forEvent(
                                    caseEvent.eventId(),
                                    memberId,
                                    caseEvent.caseId(),
                                    caseEvent.caseNumber(),
                                    caseEvent.type(),
                                    caseEvent.headline(),
                                    now),
                            trace);
                }
            }
        }
    }

    private void deliver(Notification notification, CaseTraces.Trace trace) {
        trace.notificationIds.add(notification.id());
        inbox.deliver(notification);
    }

    private void enqueue(CaseTraces.Trace trace, Delivery delivery) {
        trace.deliveryIds.add(delivery.id());
        outbound.enqueue(delivery);
    }
}
