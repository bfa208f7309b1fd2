package taskforce.notification.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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

    DeliveryController(OutboundDelivery delivery) {
        this.delivery = delivery;
    }

    @GetMapping
    List<DeliveryView> ofSubscription(@RequestParam String subscriptionId) {
        return delivery.ofSubscription(subscriptionId).stream()
                .map(DeliveryView::of)
                .toList();
    }
}
