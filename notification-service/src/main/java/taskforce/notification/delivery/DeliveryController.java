package taskforce.notification.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import taskforce.notification.subscription.SubscriptionRegistration;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.refusal.Conflict;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;
import taskforce.platform.web.Paging;

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

    static final String LIST = "delivery.list";
    static final String SUBSCRIPTION = "subscription";

    private final OutboundDelivery delivery;
    private final SubscriptionRegistration subscriptions;
    private final AuditTrail audit;

    DeliveryController(OutboundDelivery delivery, SubscriptionRegistration subscriptions, AuditTrail audit) {
        this.delivery = delivery;
        this.subscriptions = subscriptions;
        this.audit = audit;
    }

    /** ADMIN: sends a DEAD (or delivered) delivery once more, under the same webhook id. */
    @PostMapping("/{deliveryId}/replay")
    ResponseEntity<Map<String, Object>> replay(Caller caller, @PathVariable String deliveryId) {
        caller.require(Role.ADMIN);
        return switch (delivery.replay(deliveryId)) {
            case NOT_FOUND -> throw NotFound.of("delivery", deliveryId);
            case WITHHELD ->
                throw new Conflict(
                        "Delivery withheld",
                        "delivery " + deliveryId
                                + " is withheld for good: its receiver may no longer know about the case");
            case UNDER_WAY -> ResponseEntity.accepted().body(Map.of("deliveryId", deliveryId, "status", "UNDER_WAY"));
            case SCHEDULED -> ResponseEntity.accepted().body(Map.of("deliveryId", deliveryId, "status", "SCHEDULED"));
        };
    }

    /** ADMIN: sends every delivery of a subscription created since a time once more, each under its webhook id. */
    @PostMapping("/replay")
    ResponseEntity<Map<String, Object>> replaySubscription(
            Caller caller, @RequestParam String subscriptionId, @RequestParam Instant since) {
        caller.require(Role.ADMIN);
        if (subscriptions.visibleTo(caller, subscriptionId).isEmpty()) {
            throw NotFound.of("subscription", subscriptionId);
        }
        List<String> scheduled = delivery.replaySince(subscriptionId, since);
        return ResponseEntity.accepted()
                .body(Map.of("subscriptionId", subscriptionId, "since", since, "scheduled", scheduled));
    }

    /** At most {@value #MAX_PAGE_SIZE} a page. */
    static final int MAX_PAGE_SIZE = 50;

    /**
     * A page of the subscription's deliveries, newest first ({@code page}, {@code size} up to
     * {@value #MAX_PAGE_SIZE}, checked as every paged list is). The body stays the list it always was; the page's
     * place is in the headers: {@code X-Total-Count}, and {@code Link} with {@code rel="next"} while more follow.
     */
    @GetMapping
    ResponseEntity<List<DeliveryView>> ofSubscription(
            Caller caller,
            @RequestParam String subscriptionId,
            @RequestParam(defaultValue = "0") long page,
            @RequestParam(defaultValue = "50") long size) {
        SubscriptionRegistration.requireManager(caller);
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        if (!caller.isAdmin() && subscriptions.visibleTo(caller, subscriptionId).isEmpty()) {
            audit.refused(caller, LIST, SUBSCRIPTION, subscriptionId, "not a subscription of the caller's agency");
            return ResponseEntity.ok().header(TOTAL_COUNT, "0").body(List.of());
        }
        // the log names cases and receivers: who read it is recorded
        audit.allowed(caller, LIST, SUBSCRIPTION, subscriptionId);
        OutboundDelivery.LogPage found = delivery.ofSubscription(subscriptionId, paging.offset(), paging.size());
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header(TOTAL_COUNT, Long.toString(found.total()));
        if ((long) paging.offset() + paging.size() < found.total()) {
            String next = UriComponentsBuilder.fromPath("/api/deliveries")
                    .queryParam("subscriptionId", subscriptionId)
                    .queryParam("page", paging.page() + 1)
                    .queryParam("size", paging.size())
                    .encode()
                    .toUriString();
            answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(found.deliveries().stream().map(DeliveryView::of).toList());
    }

    static final String TOTAL_COUNT = "X-Total-Count";
}
