package taskforce.notification.cases;

import java.time.Instant;
import org.springframework.stereotype.Service;
import taskforce.contracts.cases.CasePurged;
import taskforce.notification.access.DisseminationRule;
import taskforce.notification.delivery.OutboundDelivery;
import taskforce.notification.inbox.MemberInbox;
import taskforce.notification.subscription.Subscriptions;

/**
 * Erases what this service holds of a purged case ({@code case.purged.v1}, issue 15): the inbox entries about it
 * (and their places in the members' live streams, with the unread counts), its deliveries (a subscriber's become a
 * stub without content under their {@code webhook-id}, a member's e-mail goes; none still pending goes out), the
 * subscriptions to the case alone (ended), and what the dissemination rule learned of it. Found through {@link
 * CaseTraces} by {@code _id}, never by a scan.
 *
 * <p>Without transactions the steps are ordered so that a repeat finishes what a crash left: the case is marked
 * purged first (so a late event of it changes nothing), the traces that find everything are forgotten last, and
 * every step in between is idempotent.
 */
@Service
class CasePurge {

    private final PurgedCases purged;
    private final CaseTraces traces;
    private final MemberInbox inbox;
    private final OutboundDelivery outbound;
    private final Subscriptions subscriptions;
    private final DisseminationRule dissemination;

    CasePurge(
            PurgedCases purged,
            CaseTraces traces,
            MemberInbox inbox,
            OutboundDelivery outbound,
            Subscriptions subscriptions,
            DisseminationRule dissemination) {
        this.purged = purged;
        this.traces = traces;
        this.inbox = inbox;
        this.outbound = outbound;
        this.subscriptions = subscriptions;
        this.dissemination = dissemination;
    }

    boolean isPurged(String caseId) {
        return purged.isPurged(caseId);
    }

    void erase(CasePurged purge, Instant now) {
        String caseId = purge.caseId();
        purged.mark(caseId, purge.purgedAt() != null ? purge.purgedAt() : now);
        CaseTraces.Traced traced = traces.of(caseId);
        outbound.erase(traced.deliveryIds());
        inbox.eraseCase(caseId, traced.notificationIds());
        subscriptions.endCaseScope(caseId, now);
        dissemination.forget(caseId);
        traces.forget(caseId);
    }
}
