package taskforce.notification.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.platform.security.Caller;

/**
 * Subscriptions of an agency, managed by its AGENCY_ADMIN or AGENCY_SYSTEM; an ADMIN may read and remove any.
 * The request's {@code agencyId} may be left out: the token's agency wins, and a body naming another agency is
 * refused with 403. Another agency's subscription answers 404, like a missing one.
 */
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

    @Operation(
            summary = "Subscribe the caller's agency to a case or a task force",
            description = "AGENCY_ADMIN or AGENCY_SYSTEM. agencyId comes from the token (a contradicting body is 403);"
                    + " a task force needs an agreement in force (403), a case must be readable by the agency (404).")
    @PostMapping
    ResponseEntity<SubscriptionView> subscribe(Caller caller, @RequestBody SubscriptionRequest request) {
        Subscription subscription = registration.subscribe(caller, request);
        return ResponseEntity.created(URI.create("/api/subscriptions/" + subscription.id()))
                .body(SubscriptionView.of(subscription, true));
    }

    @Operation(
            summary = "The caller's agency's subscriptions",
            description = "A filter naming another agency lists nothing; an ADMIN sees the named agency's, or all.")
    @GetMapping
    List<SubscriptionView> ofAgency(Caller caller, @RequestParam(required = false) String agencyId) {
        return registration.list(caller, agencyId).stream()
                .map(s -> SubscriptionView.of(s, false))
                .toList();
    }

    @GetMapping("/{id}")
    SubscriptionView get(Caller caller, @PathVariable String id) {
        return SubscriptionView.of(registration.get(caller, id), false);
    }

    /**
     * The link e-mailed to an address outside the agency's directory entries; whoever reads the e-mail follows it,
     * without a token of this service (see {@code VerificationLinkSecurity}). POST does the same for clients that
     * keep the token out of URLs.
     */
    @Operation(
            summary = "Verify an e-mail subscription's address",
            description = "No bearer token: the token e-mailed to the address proves that someone reads it. A wrong,"
                    + " used or expired token is 404 naming token.")
    @RequestMapping(
            path = "/{id}/verification",
            method = {RequestMethod.GET, RequestMethod.POST})
    SubscriptionView verify(@PathVariable String id, @RequestParam(required = false) String token) {
        return SubscriptionView.of(registration.verify(id, token), false);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> unsubscribe(Caller caller, @PathVariable String id) {
        registration.unsubscribe(caller, id);
        return ResponseEntity.noContent().build();
    }
}
