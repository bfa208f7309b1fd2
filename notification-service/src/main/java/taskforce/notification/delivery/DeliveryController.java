package taskforce.notification.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.notification.subscription.SubscriptionRegistration;
import taskforce.platform.security.Caller;

/**
 * The deliveries of one subscription, for the agency that owns it (or an ADMIN). Another agency's subscription
 * lists nothing, exactly like one that does not exist.
 */
@RestController
@RequestMapping("/api/deliveries")
class DeliveryController {

    /** A delivery as its subscriber sees it: every attempt, without the body that was sent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeliveryView(
            String id,
            String subscriptionId,
            String eventId,
            String eventType,
            String caseId,
            DeliveryChannel channel,
            String target,
            DeliveryStatus status,
            List<DeliveryAttempt> attempts,
            Instant createdAt,
            Instant nextAttemptAt) {

        static DeliveryView of(Delivery d) {
            return new DeliveryView(
                    d.id(),
                    d.subscriptionId(),
                    d.eventId(),
                    d.eventType(),
                    d.caseId(),
                    d.channel(),
                    d.target(),
                    d.status(),
                    d.attempts() == null ? List.of() : d.attempts(),
                    d.createdAt(),
                    d.nextAttemptAt());
        }
    }

    private final OutboundDelivery delivery;
    private final SubscriptionRegistration subscriptions;

    DeliveryController(OutboundDelivery delivery, SubscriptionRegistration subscriptions) {
        this.delivery = delivery;
        this.subscriptions = subscriptions;
    }

    @GetMapping
    List<DeliveryView> ofSubscription(Caller caller, @RequestParam String subscriptionId) {
        SubscriptionRegistration.requireManager(caller);
        if (!caller.isAdmin() && subscriptions.visibleTo(caller, subscriptionId).isEmpty()) {
            return List.of();
        }
        return delivery.ofSubscription(subscriptionId).stream()
                .map(DeliveryView::of)
                .toList();
    }
}
