package taskforce.notification.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import taskforce.notification.NotificationProperties;
import taskforce.notification.access.DisseminationRule;
import taskforce.notification.access.NeedToKnow;
import taskforce.notification.directory.Directory;
import taskforce.notification.directory.Member;
import taskforce.notification.subscription.Subscription;
import taskforce.notification.subscription.SubscriptionStatus;
import taskforce.notification.subscription.Subscriptions;
import taskforce.notification.subscription.WebhookSecretCipher;

/**
 * Takes deliveries from the event consumer and carries them out on worker threads: the first attempt at once,
 * retries with back-off from {@code pending_deliveries}, which survives restarts. Every attempt is recorded on
 * its delivery.
 */
@Service
public class OutboundDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutboundDelivery.class);

    /** Reasons recorded on suppressed deliveries: general, so that they say nothing of the case. */
    static final String NO_AGREEMENT = "the subscribing agency has no agreement in force with the case's task force";

    static final String NOT_A_MEMBER = "the member is no longer in the case's task force";

    /** The forms of a subscription delivery, as its attempts record them. */
    static final String FULL = "FULL";

    static final String THIN = "THIN";

    static final String NO_THIN_FORM =
            "recorded before the dissemination rule, without a form the receiver may get; read the case instead";

    /** How soon a delivery deferred by its receiver's bulkhead is offered again (the scan runs every second). */
    static final Duration DEFERRAL = Duration.ofMillis(200);

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final Directory directory;
    private final NeedToKnow needToKnow;
    private final DisseminationRule dissemination;
    private final WebhookSender webhooks;
    private final WebhookSecretCipher secrets;
    private final EmailSender emails;
    private final ExecutorService workers;
    private final MeterRegistry meters;
    private final RetrySchedule schedule;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Duration lease;
    private final int batchSize;
    private final Clock clock;
    private final SubscriptionDeliveries subscriptionLog;

    OutboundDelivery(
            Deliveries deliveries,
            Subscriptions subscriptions,
            Directory directory,
            NeedToKnow needToKnow,
            DisseminationRule dissemination,
            WebhookSender webhooks,
            WebhookSecretCipher secrets,
            EmailSender emails,
            @Qualifier("deliveryWorkers") ExecutorService workers,
            NotificationProperties properties,
            MeterRegistry meters,
            Clock clock,
            SubscriptionDeliveries subscriptionLog) {
        this.clock = clock;
        this.subscriptionLog = subscriptionLog;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.directory = directory;
        this.needToKnow = needToKnow;
        this.dissemination = dissemination;
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.emails = emails;
        this.workers = workers;
        this.meters = meters;
        this.schedule = new RetrySchedule(
                properties.delivery().backoff(),
                properties.delivery().jitter(),
                properties.delivery().clientErrorRetries());
        this.lease = properties.delivery().lease();
        this.batchSize = properties.delivery().batchSize();
    }

    /**
     * Records the delivery and starts its first attempt without waiting for it. Idempotent: for a delivery
     * that exists already nothing is sent again, except that one never attempted gets its pending entry back
     * (a crash may have come between the two writes).
     */
    public void enqueue(Delivery delivery) {
        boolean created = deliveries.insertIfAbsent(delivery);
        Delivery current = created ? delivery : deliveries.find(delivery.id()).orElse(delivery);
        // listed in its subscription's log after it is recorded; a repeat of the event lists what a crash left out
        if (current.subscriptionId() != null && (created || !deliveries.filed(current.id()))) {
            subscriptionLog.add(current.subscriptionId(), current.id());
            deliveries.markFiled(current.id());
        }
        if (!current.neverAttempted()) {
            return;
        }
        deliveries.claimNew(current.id(), clock.instant().plus(lease)).ifPresent(this::submit);
    }

    /** Erases the deliveries of a purged case (issue 15); none of them goes out from now on. */
    public void erase(Collection<String> deliveryIds) {
        deliveries.erase(deliveryIds);
    }

    /**
     * Sends one e-mail at once, on the caller's thread, through the same breaker and bulkhead as every other:
     * for mail the caller answers about itself (a verification link), never for case events.
     */
    public boolean sendNow(String address, String subject, String text) {
        AttemptResult result = emails.send(address, subject, text);
        return result.kind() == AttemptResult.Kind.DELIVERED;
    }

    /** Picks up retries that are due and attempts whose worker died with the process. */
    @Scheduled(fixedDelayString = "${notification.delivery.scan-interval:1s}")
    void attemptDue() {
        Instant now = clock.instant();
        Deliveries.DueRound due = deliveries.due(now, batchSize);
        for (Deliveries.PendingDelivery entry : due.entries()) {
            deliveries.claimDue(entry, now.plus(lease)).ifPresent(this::submit);
        }
        deliveries.swept(due, now);
    }

    private void submit(Deliveries.Claim claim) {
        try {
            workers.execute(() -> attempt(claim));
        } catch (RejectedExecutionException shuttingDown) {
            // the pending entry stays leased and is attempted again after the lease, by this or another instance
            log.debug("delivery {} left for later: workers stopped", claim.deliveryId());
        }
    }

    /**
     * The delivery as the claim read it, after claiming, so that a result recorded by an earlier claimant is seen and
     * not sent again.
     */
    void attempt(Deliveries.Claim claim) {
        try {
            Optional<Delivery> found = Optional.ofNullable(claim.delivery());
            if (found.isEmpty() || found.get().finished()) {
                deliveries.done(claim);
                return;
            }
            Delivery delivery = found.get();
            Instant start = clock.instant();
            AttemptResult result = carryOut(delivery);
            Instant end = clock.instant();
            record(claim, delivery, result, start, Duration.between(start, end), end);
        } catch (RuntimeException e) {
            // the lease brings it back; log so a persistent fault is visible
            log.warn("attempt of delivery {} failed unexpectedly", claim.deliveryId(), e);
        }
    }

    /**
     * Every attempt, the first and each retry, asks again whether the receiver may still know about the case, so
     * that a suspended agreement or a member who left the task force stops deliveries already under way.
     */
    private AttemptResult carryOut(Delivery delivery) {
        if (delivery.subscriptionId() == null) {
            return sendToMember(delivery);
        }
        Optional<Subscription> subscription = subscriptions.find(delivery.subscriptionId());
        if (subscription.isEmpty()) {
            return AttemptResult.abandoned("the subscription was removed");
        }
        if (subscription.get().status() != SubscriptionStatus.ACTIVE) {
            return AttemptResult.abandoned(
                    "the subscription is " + subscription.get().status());
        }
        String agencyId = subscription.get().agencyId();
        DisseminationRule.Ruling ruling = dissemination.rule(agencyId, delivery.caseId(), taskForceOf(delivery));
        if (!needToKnow.agencyTakesPartIn(agencyId, ruling.taskForceId())) {
            return AttemptResult.suppressed(NO_AGREEMENT);
        }
        Optional<Delivery> asSent = ruling.content() ? Optional.of(delivery) : delivery.withoutContent();
        if (asSent.isEmpty()) {
            return AttemptResult.suppressed(NO_THIN_FORM);
        }
        String form = asSent.get() == delivery ? FULL : THIN;
        AttemptResult result = switch (delivery.channel()) {
            case WEBHOOK ->
                webhooks.send(
                        asSent.get(),
                        secrets.decrypt(subscription.get().channel().secret()));
            case EMAIL -> emails.send(asSent.get(), delivery.target());
        };
        return result.inForm(form);
    }

    /** Deliveries recorded before the task force was stored on them find it in the known cases. */
    private String taskForceOf(Delivery delivery) {
        return delivery.taskForceId() != null
                ? delivery.taskForceId()
                : needToKnow.taskForceOfCase(delivery.caseId()).orElse(null);
    }

    /**
     * A member's address is looked up when the e-mail is sent, not when the event arrived: the member's
     * directory entry comes on another topic and may not have arrived yet, and a changed address should win.
     */
    private AttemptResult sendToMember(Delivery delivery) {
        Optional<Member> member = directory.member(delivery.memberId());
        if (member.isEmpty()) {
            return AttemptResult.failed(null, "member " + delivery.memberId() + " is not in the directory yet");
        }
        if (!needToKnow.memberIsIn(delivery.memberId(), taskForceOf(delivery))) {
            return AttemptResult.suppressed(NOT_A_MEMBER);
        }
        if (!member.get().hasEmail()) {
            return AttemptResult.abandoned("member " + delivery.memberId() + " has no e-mail address");
        }
        return emails.send(delivery, member.get().email());
    }

    /**
     * Writes the attempt's result, only if this claim is still the delivery's latest: a claimant whose lease lapsed
     * while it was sending (another instance claimed the delivery meanwhile) writes nothing at all, neither the
     * attempt nor the schedule, so that the delivery lists each attempt once and the later claimant decides.
     */
    private void record(
            Deliveries.Claim claim, Delivery delivery, AttemptResult result, Instant at, Duration took, Instant now) {
        // what operators watch: attempts by channel and outcome, deferrals included, on /actuator/prometheus
        meters.counter(
                        "taskforce.delivery.attempts",
                        "channel",
                        delivery.channel().name(),
                        "outcome",
                        result.kind().name())
                .increment();
        if (result.kind() == AttemptResult.Kind.DEFERRED) {
            // not an attempt: the worker is free at once for other receivers, this one is asked again shortly
            deliveries.reschedule(claim, now.plus(DEFERRAL));
            return;
        }
        int number = delivery.attemptCount() + 1;
        DeliveryAttempt attempt =
                new DeliveryAttempt(number, at, result.statusCode(), result.error(), took.toMillis(), result.form());
        Optional<Instant> retryAt = Optional.empty();
        DeliveryStatus status = switch (result.kind()) {
            case DELIVERED -> DeliveryStatus.SUCCEEDED;
            case GONE, ABANDONED -> DeliveryStatus.DEAD;
            case SUPPRESSED -> DeliveryStatus.SUPPRESSED;
            case DEFERRED -> throw new IllegalStateException("handled above");
            case FAILED -> {
                log.warn(
                        "attempt {} of delivery {} ({}) failed: {}",
                        number,
                        delivery.id(),
                        delivery.channel(),
                        result.error() != null ? result.error() : "status " + result.statusCode());
                retryAt =
                        schedule.delayAfter(number, result.statusCode(), random).map(now::plus);
                if (retryAt.isEmpty()) {
                    log.info("delivery {} to {} is dead after {} attempts", delivery.id(), delivery.target(), number);
                }
                yield retryAt.isPresent() ? DeliveryStatus.FAILED : DeliveryStatus.DEAD;
            }
        };
        if (!deliveries.recordAttempt(claim, attempt, status, retryAt.orElse(null))) {
            meters.counter(
                            "taskforce.delivery.superseded",
                            "channel",
                            delivery.channel().name())
                    .increment();
            log.warn(
                    "attempt {} of delivery {} finished after its lease lapsed and another claim took it;"
                            + " its result ({}) is not recorded",
                    number,
                    delivery.id(),
                    result.kind());
            return;
        }
        if (result.kind() == AttemptResult.Kind.GONE) {
            subscriptions.disable(delivery.subscriptionId(), result.error(), now);
        }
        if (retryAt.isPresent()) {
            deliveries.reschedule(claim, retryAt.get());
        } else {
            deliveries.done(claim);
        }
    }

    /**
     * Sends a finished delivery once more, now, under its own id, so a receiver that already has it drops it. A
     * delivery withheld because the receiver may no longer know about the case stays withheld; one still under
     * way needs nothing. Idempotent: asking twice before the attempt changes nothing.
     */
    public ReplayAnswer replay(String deliveryId) {
        return replay(deliveryId, clock.instant());
    }

    private ReplayAnswer replay(String deliveryId, Instant now) {
        Optional<Delivery> found = deliveries.find(deliveryId);
        if (found.isEmpty()) {
            return ReplayAnswer.NOT_FOUND;
        }
        DeliveryStatus status = found.get().status();
        if (status == DeliveryStatus.SUPPRESSED || status == DeliveryStatus.PURGED) {
            return ReplayAnswer.WITHHELD;
        }
        if (status == DeliveryStatus.PENDING || status == DeliveryStatus.FAILED) {
            return ReplayAnswer.UNDER_WAY;
        }
        if (!deliveries.markReplaying(deliveryId)) {
            return ReplayAnswer.UNDER_WAY;
        }
        if (found.get().channel() == DeliveryChannel.WEBHOOK) {
            webhooks.probeAgain(found.get().target());
        }
        // status first, then the pending entry: a crash between leaves it REPLAYING, and asking again finishes it
        deliveries.scheduleAt(deliveryId, now);
        return ReplayAnswer.SCHEDULED;
    }

    /** Replays every delivery of the subscription created since {@code since}; answers the ids scheduled. */
    public List<String> replaySince(String subscriptionId, Instant since) {
        // one instant for the lot: each is due from the moment the administrator asked
        Instant now = clock.instant();
        return deliveries.ofSubscriptionSince(subscriptionId, since).stream()
                .filter(d -> replay(d.id(), now) == ReplayAnswer.SCHEDULED)
                .map(Delivery::id)
                .toList();
    }

    public enum ReplayAnswer {
        SCHEDULED,
        UNDER_WAY,
        WITHHELD,
        NOT_FOUND
    }

    /** A page of the subscription's deliveries, newest first, and how many it has in all. */
    record LogPage(List<Delivery> deliveries, long total) {}

    LogPage ofSubscription(String subscriptionId, int offset, int size) {
        if (!subscriptionLog.knows(subscriptionId)) {
            return new LogPage(
                    deliveries.ofSubscriptionRecordedBeforeTheIndex(subscriptionId, offset, size),
                    deliveries.countRecordedBeforeTheIndex(subscriptionId));
        }
        SubscriptionDeliveries.Page page = subscriptionLog.page(subscriptionId, offset, size);
        return new LogPage(deliveries.findAll(page.ids()), page.total());
    }
}
