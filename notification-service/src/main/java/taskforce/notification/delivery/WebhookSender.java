package taskforce.notification.delivery;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.notification.NotificationProperties;

/**
 * POSTs a delivery to its webhook with Standard Webhooks headers, connecting to the very address the
 * {@link WebhookTargetPolicy} checked for this send (the name is resolved once; TLS still verifies the name). Calls
 * go through a circuit breaker and a bulkhead per receiver, configured like the {@code webhook} instances of the
 * configuration, so that one agency's dead endpoint does not stop deliveries to every other agency. They are named
 * by a digest of the receiver ({@code webhook-<16 hex digits>}), so that metrics do not show agencies' hosts.
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

    /** Every target carries its checked address; a lookup by the client would be a second one. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("webhooks connect to checked addresses only");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException("webhooks connect to checked addresses only");
        }
    };

    private final CloseableHttpClient client;
    private final CircuitBreakerRegistry circuitBreakers;
    private final CircuitBreaker template;
    private final BulkheadRegistry bulkheads;
    private final Bulkhead bulkheadTemplate;
    private final WebhookTargetPolicy targets;
    private final Clock clock;

    WebhookSender(
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads,
            NotificationProperties properties,
            WebhookTargetPolicy targets,
            Clock clock) {
        this.targets = targets;
        this.clock = clock;
        this.circuitBreakers = circuitBreakers;
        this.template = circuitBreakers.circuitBreaker("webhook");
        this.bulkheads = bulkheads;
        this.bulkheadTemplate = bulkheads.bulkhead("webhook");
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(
                                        Timeout.of(properties.webhook().connectTimeout()))
                                .setSocketTimeout(
                                        Timeout.of(properties.webhook().requestTimeout()))
                                // a receiver that restarted leaves dead pooled connections: test before reuse
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        // every target carries its checked address; a lookup here would be a second one
                        .setDnsResolver(NO_LOOKUPS)
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(8)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(properties.webhook().requestTimeout()))
                        .build())
                // a redirect could carry a signed body to a host nobody subscribed
                .disableRedirectHandling()
                // a repeated POST is the retry schedule's decision, not the client's
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @PreDestroy
    void close() throws IOException {
        client.close();
    }

    /**
     * An administrator replays deliveries because the receiver is said to work again: an open breaker lets calls
     * through to find out (half-open), instead of refusing them until its wait is over.
     */
    void probeAgain(String targetUrl) {
        try {
            URI target = URI.create(targetUrl);
            circuitBreakers
                    .find(receiverName(target))
                    .filter(breaker -> breaker.getState() == CircuitBreaker.State.OPEN)
                    .ifPresent(CircuitBreaker::transitionToHalfOpenState);
        } catch (IllegalArgumentException | IllegalStateException notOpenAnyMore) {
            // a malformed target has no breaker; one that changed state meanwhile needs nothing
        }
    }

    /**
     * One breaker and one bulkhead per receiving endpoint (scheme, host and port), named by a digest of it: their
     * names are metric tags on {@code /actuator/prometheus}, which must not list the agencies' endpoints.
     */
    static String receiverName(URI target) {
        String receiver = target.getScheme() + "://" + target.getAuthority();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(receiver.getBytes(StandardCharsets.UTF_8));
            return "webhook-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    AttemptResult send(Delivery delivery, String secret) {
        long timestamp = clock.instant().getEpochSecond();
        URI target;
        WebhookTargetPolicy.Target checked;
        try {
            target = URI.create(delivery.target());
            checked = targets.check(target);
        } catch (IllegalArgumentException e) {
            return AttemptResult.abandoned("cannot call " + delivery.target() + ": " + e.getMessage());
        }
        if (checked.refusal().isPresent()) {
            // what the host resolves to may have changed since the subscription; it may change back
            return AttemptResult.failed(
                    null,
                    "target " + delivery.target() + " " + checked.refusal().get());
        }
        if (checked.addresses().isEmpty()) {
            return AttemptResult.failed(null, "the host of " + delivery.target() + " does not resolve");
        }
        String receiver = receiverName(target);
        CircuitBreaker circuitBreaker = circuitBreakers.circuitBreaker(receiver, template.getCircuitBreakerConfig());
        Bulkhead bulkhead = bulkheads.bulkhead(receiver, bulkheadTemplate.getBulkheadConfig());
        HttpPost request = new HttpPost(pathAndQuery(target));
        request.setHeader("User-Agent", "taskforce-notification-service");
        request.setHeader("webhook-id", delivery.id());
        request.setHeader("webhook-timestamp", Long.toString(timestamp));
        request.setHeader("webhook-signature", WebhookSigner.sign(secret, delivery.id(), timestamp, delivery.body()));
        request.setEntity(new StringEntity(
                delivery.body(), ContentType.create(CloudEvent.MEDIA_TYPE, StandardCharsets.UTF_8), false));
        if (!bulkhead.tryAcquirePermission()) {
            return AttemptResult.deferred(bulkhead.getName() + " has "
                    + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " calls under way");
        }
        try {
            int status = circuitBreaker.executeCallable(() -> {
                int code = post(target, checked.addresses(), request);
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
        } catch (IOException e) {
            return AttemptResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (Exception e) {
            return AttemptResult.failed(null, e.toString());
        } finally {
            bulkhead.onComplete();
        }
    }

    /**
     * Posts to the first of the checked addresses that accepts a connection (a name may resolve to an IPv6 address
     * this host cannot reach and an IPv4 one it can), never to any other.
     */
    private int post(URI target, List<InetAddress> addresses, HttpPost request) throws IOException {
        ConnectException refused = null;
        for (InetAddress address : addresses) {
            try {
                return client.execute(pinned(target, address), request, response -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                });
            } catch (ConnectException | NoRouteToHostException unreachable) {
                refused = unreachable instanceof ConnectException connect
                        ? connect
                        : new ConnectException(unreachable.getMessage());
            }
        }
        throw refused;
    }

    /** The receiver's name (for the Host header, TLS server name and certificate check) with the checked address. */
    private static HttpHost pinned(URI target, InetAddress address) {
        String name = target.getHost().startsWith("[")
                ? target.getHost().substring(1, target.getHost().length() - 1)
                : target.getHost();
        return new HttpHost(target.getScheme(), address, name, target.getPort());
    }

    private static String pathAndQuery(URI target) {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
    }
}
