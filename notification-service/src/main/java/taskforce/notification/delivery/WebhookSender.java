package taskforce.notification.delivery;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.notification.NotificationProperties;

/**
 * POSTs a delivery to its webhook with Standard Webhooks headers. Calls go through a circuit breaker per receiver
 * ({@code webhook:<scheme>://<host:port>}) configured like the {@code webhook} instance of the configuration: one
 * agency's dead endpoint must not stop deliveries to every other agency.
 */
@Component
class WebhookSender {

    /** A receiver failure that counts against the circuit breaker, unlike a refusal (4xx) of one request. */
    static final class ReceiverFailed extends RuntimeException {
        final int statusCode;

        ReceiverFailed(int statusCode) {
            super("the receiver answered " + statusCode, null, false, false);
            this.statusCode = statusCode;
        }
    }

    private final HttpClient client;
    private final CircuitBreakerRegistry circuitBreakers;
    private final CircuitBreaker template;
    private final BulkheadRegistry bulkheads;
    private final Bulkhead bulkheadTemplate;
    private final NotificationProperties properties;
    private final WebhookTargetPolicy targets;

    WebhookSender(
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads,
            NotificationProperties properties,
            WebhookTargetPolicy targets) {
        this.properties = properties;
        this.targets = targets;
        this.circuitBreakers = circuitBreakers;
        this.template = circuitBreakers.circuitBreaker("webhook");
        this.bulkheads = bulkheads;
        this.bulkheadTemplate = bulkheads.bulkhead("webhook");
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.webhook().connectTimeout())
                // a redirect could carry a signed body to a host nobody subscribed
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * An administrator replays deliveries because the receiver is said to work again: an open breaker lets calls
     * through to find out (half-open), instead of refusing them until its wait is over.
     */
    void probeAgain(String targetUrl) {
        try {
            URI target = URI.create(targetUrl);
            circuitBreakers
                    .find(receiverOf(target))
                    .filter(breaker -> breaker.getState() == CircuitBreaker.State.OPEN)
                    .ifPresent(CircuitBreaker::transitionToHalfOpenState);
        } catch (IllegalArgumentException | IllegalStateException notOpenAnyMore) {
            // a malformed target has no breaker; one that changed state meanwhile needs nothing
        }
    }

    /** One breaker and one bulkhead per receiving endpoint: scheme, host and port. */
    private static String receiverOf(URI target) {
        return "webhook:" + target.getScheme() + "://" + target.getAuthority();
    }

    AttemptResult send(Delivery delivery, String secret) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request;
        CircuitBreaker circuitBreaker;
        Bulkhead bulkhead;
        try {
            URI target = URI.create(delivery.target());
            Optional<String> refused = targets.refusal(target);
            if (refused.isPresent()) {
                // what the host resolves to may have changed since the subscription; it may change back
                return AttemptResult.failed(null, "target " + delivery.target() + " " + refused.get());
            }
            String receiver = receiverOf(target);
            circuitBreaker = circuitBreakers.circuitBreaker(receiver, template.getCircuitBreakerConfig());
            bulkhead = bulkheads.bulkhead(receiver, bulkheadTemplate.getBulkheadConfig());
            request = HttpRequest.newBuilder(target)
                    .timeout(properties.webhook().requestTimeout())
                    .header("Content-Type", CloudEvent.MEDIA_TYPE + "; charset=utf-8")
                    .header("User-Agent", "taskforce-notification-service")
                    .header("webhook-id", delivery.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSigner.sign(secret, delivery.id(), timestamp, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return AttemptResult.abandoned("cannot call " + delivery.target() + ": " + e.getMessage());
        }
        if (!bulkhead.tryAcquirePermission()) {
            return AttemptResult.deferred(bulkhead.getName() + " has "
                    + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " calls under way");
        }
        try {
            int status = circuitBreaker.executeCallable(() -> {
                int code = client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (code >= 500 || code == 429) {
                    throw new ReceiverFailed(code);
                }
                return code;
            });
            if (status >= 200 && status < 300) {
                return AttemptResult.delivered(status);
            }
            if (status == 410) {
                return AttemptResult.gone(status);
            }
            return AttemptResult.failed(status, "the receiver answered " + status);
        } catch (ReceiverFailed e) {
            return AttemptResult.failed(e.statusCode, e.getMessage());
        } catch (CallNotPermittedException e) {
            return AttemptResult.failed(null, "circuit breaker " + circuitBreaker.getName() + " is open");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AttemptResult.failed(null, "interrupted");
        } catch (IOException e) {
            return AttemptResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (Exception e) {
            return AttemptResult.failed(null, e.toString());
        } finally {
            bulkhead.onComplete();
        }
    }
}
