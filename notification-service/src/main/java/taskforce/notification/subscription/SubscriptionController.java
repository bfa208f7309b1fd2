package taskforce.notification.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/subscriptions")
class SubscriptionController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubscriptionView(
            String id,
            String agencyId,
            SubscriptionScope scope,
            Channel channel,
            SubscriptionStatus status,
            Instant createdAt,
            Instant disabledAt,
            String disabledReason) {

        static SubscriptionView of(Subscription s, boolean withSecret) {
            return new SubscriptionView(
                    s.id(),
                    s.agencyId(),
                    s.scope(),
                    withSecret ? s.channel() : s.channel().withoutSecret(),
                    s.status(),
                    s.createdAt(),
                    s.disabledAt(),
                    s.disabledReason());
        }
    }

    private final SubscriptionRegistration registration;

    SubscriptionController(SubscriptionRegistration registration) {
        this.registration = registration;
    }

    @PostMapping
    ResponseEntity<SubscriptionView> subscribe(@RequestBody SubscriptionRequest request) {
        Subscription subscription = registration.subscribe(request);
        return ResponseEntity.created(URI.create("/api/subscriptions/" + subscription.id()))
                .body(SubscriptionView.of(subscription, true));
    }

    @GetMapping
    List<SubscriptionView> ofAgency(@RequestParam String agencyId) {
        return registration.ofAgency(agencyId).stream()
                .map(s -> SubscriptionView.of(s, false))
                .toList();
    }

    @GetMapping("/{id}")
    SubscriptionView get(@PathVariable String id) {
        return SubscriptionView.of(registration.get(id), false);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> unsubscribe(@PathVariable String id) {
        registration.unsubscribe(id);
        return ResponseEntity.noContent().build();
    }
}
