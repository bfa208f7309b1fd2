package taskforce.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.notification.NotificationProperties;
import taskforce.notification.it.WebhookReceiver;

class WebhookSenderTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** The service's clock, stopped: a signature stamped by the system clock instead would show. */
    private static final Instant SIGNED_AT = Instant.parse("2026-03-01T12:00:00Z");

    private static final Clock CLOCK = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final WebhookSender sender;
    private WebhookReceiver failing;
    private WebhookReceiver healthy;

    WebhookSenderTest() {
        breakers.circuitBreaker(
                "webhook",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(2)
                        .minimumNumberOfCalls(2)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofMinutes(1))
                        .build());
        bulkheads.bulkhead(
                "webhook",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(1)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        sender = new WebhookSender(breakers, bulkheads, properties(), new WebhookTargetPolicy(false, true), CLOCK);
    }

    private static NotificationProperties properties() {
        return new NotificationProperties(
                new NotificationProperties.Mail("n@example.gov"),
                new NotificationProperties.Webhook(Duration.ofSeconds(2), Duration.ofSeconds(2), false, true, null),
                new NotificationProperties.Delivery(List.of(), 0, 3, Duration.ofMinutes(1), 1, 10),
                new NotificationProperties.Stream(
                        Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMillis(200), 200));
    }

    @AfterEach
    void stopReceivers() {
        if (failing != null) {
            failing.close();
        }
        if (healthy != null) {
            healthy.close();
        }
    }

    private static Delivery to(String url) {
        return Delivery.webhook(
                "s1", "e-" + System.nanoTime(), "case.note-added.v1", "c1", "tf1", url, "{}", "{}", SIGNED_AT);
    }

    @Nested
    class Answers {

        @Test
        void successIsDeliveredAndGoneIsGone() throws Exception {
            healthy = WebhookReceiver.answering(204, 410);

            assertThat(sender.send(to(healthy.url()), SECRET).kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
            assertThat(sender.send(to(healthy.url()), SECRET).kind()).isEqualTo(AttemptResult.Kind.GONE);
        }

        @Test
        void stampsAndSignsTheRequestWithTheServicesClock() throws Exception {
            healthy = WebhookReceiver.answering();
            Delivery delivery = to(healthy.url());

            sender.send(delivery, SECRET);

            WebhookReceiver.Received received = healthy.received().get(0);
            assertThat(received.timestamp()).isEqualTo(Long.toString(SIGNED_AT.getEpochSecond()));
            assertThat(received.signature())
                    .isEqualTo(WebhookSigner.sign(SECRET, delivery.id(), SIGNED_AT.getEpochSecond(), delivery.body()));
        }

        @Test
        void redirectsAreNotFollowed() throws Exception {
            healthy = WebhookReceiver.answering(302);

            AttemptResult result = sender.send(to(healthy.url()), SECRET);

            assertThat(result.kind()).isEqualTo(AttemptResult.Kind.FAILED);
            assertThat(result.statusCode()).isEqualTo(302);
        }

        @Test
        void anUnreachableReceiverIsAFailureWithTheReason() {
            AttemptResult result = sender.send(to("http://127.0.0.1:1/hooks"), SECRET);

            assertThat(result.kind()).isEqualTo(AttemptResult.Kind.FAILED);
            assertThat(result.error()).isNotBlank();
        }
    }

    @Nested
    class CircuitBreakers {

        @Test
        void stopCallingAFailingReceiverWithoutStoppingTheOthers() throws Exception {
            failing = WebhookReceiver.answering(500, 500, 500, 500);
            healthy = WebhookReceiver.answering();

            sender.send(to(failing.url()), SECRET);
            sender.send(to(failing.url()), SECRET);
            AttemptResult refused = sender.send(to(failing.url()), SECRET);
            AttemptResult other = sender.send(to(healthy.url()), SECRET);

            assertThat(refused.kind()).isEqualTo(AttemptResult.Kind.FAILED);
            assertThat(refused.error()).contains("is open");
            assertThat(failing.received()).hasSize(2);
            assertThat(other.kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
        }
    }

    @Nested
    class Bulkheads {

        @Test
        void aHangingReceiverHoldsOnlyItsOwnShareOfTheSendersAndTheOthersAreServedAtOnce() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            hanging.setExecutor(Executors.newCachedThreadPool());
            hanging.createContext("/hooks", exchange -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            hanging.start();
            healthy = WebhookReceiver.answering();
            String slow = "http://127.0.0.1:" + hanging.getAddress().getPort() + "/hooks";
            ExecutorService worker = Executors.newSingleThreadExecutor();
            try {
                Future<AttemptResult> stuck = worker.submit(() -> sender.send(to(slow), SECRET));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> bulkheads
                                        .bulkhead(WebhookSender.receiverName(URI.create(slow)))
                                        .getMetrics()
                                        .getAvailableConcurrentCalls()
                                == 0);

                AttemptResult second = sender.send(to(slow), SECRET);
                AttemptResult other = sender.send(to(healthy.url()), SECRET);

                assertThat(second.kind()).isEqualTo(AttemptResult.Kind.DEFERRED);
                assertThat(other.kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
                release.countDown();
                assertThat(stuck.get(10, TimeUnit.SECONDS).kind()).isEqualTo(AttemptResult.Kind.DELIVERED);
                assertThat(sender.send(to(slow), SECRET).kind())
                        .as("the permit comes back with the answer")
                        .isEqualTo(AttemptResult.Kind.DELIVERED);
            } finally {
                release.countDown();
                worker.shutdownNow();
                hanging.stop(0);
            }
        }
    }

    /** Issue 13, item 9: the name is resolved once, checked, and the call goes to the address that was checked. */
    @Nested
    class CheckedAddresses {

        @Test
        void sendsToTheAddressThePolicyCheckedWithoutASecondLookupAndWithTheNameAsHost() throws Exception {
            List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
            HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/hooks", exchange -> {
                hosts.add(exchange.getRequestHeaders().getFirst("Host"));
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            // a name no DNS knows: only the address the policy returned can be reached
            WebhookTargetPolicy policy = new WebhookTargetPolicy(false, true, host -> {
                lookups.incrementAndGet();
                if (!host.equals("hooks.agency.invalid")) {
                    throw new java.net.UnknownHostException(host);
                }
                return new java.net.InetAddress[] {java.net.InetAddress.getByName("127.0.0.1")};
            });
            WebhookSender pinned = new WebhookSender(breakers, bulkheads, properties(), policy, CLOCK);
            int port = receiver.getAddress().getPort();
            try {
                AttemptResult result = pinned.send(to("http://hooks.agency.invalid:" + port + "/hooks"), SECRET);

                assertThat(result.kind()).as(String.valueOf(result.error())).isEqualTo(AttemptResult.Kind.DELIVERED);
                assertThat(hosts).containsExactly("hooks.agency.invalid:" + port);
                assertThat(lookups).hasValue(1);
            } finally {
                pinned.close();
                receiver.stop(0);
            }
        }

        @Test
        void triesTheNextCheckedAddressWhenOneRefusesTheConnection() throws Exception {
            healthy = WebhookReceiver.answering();
            int port = URI.create(healthy.url()).getPort();
            // nothing listens on 127.0.0.2 at that port: the connection is refused, then 127.0.0.1 answers
            WebhookTargetPolicy policy = new WebhookTargetPolicy(false, true, host -> new java.net.InetAddress[] {
                java.net.InetAddress.getByName("127.0.0.2"), java.net.InetAddress.getByName("127.0.0.1")
            });
            WebhookSender twoAddresses = new WebhookSender(breakers, bulkheads, properties(), policy, CLOCK);
            try {
                AttemptResult result = twoAddresses.send(to("http://hooks.agency.invalid:" + port + "/hooks"), SECRET);

                assertThat(result.kind()).as(String.valueOf(result.error())).isEqualTo(AttemptResult.Kind.DELIVERED);
                assertThat(healthy.received()).hasSize(1);
            } finally {
                twoAddresses.close();
            }
        }

        @Test
        void refusesToSendWhenTheNameNowResolvesToAPrivateAddress() throws Exception {
            WebhookTargetPolicy policy = new WebhookTargetPolicy(
                    false, false, host -> new java.net.InetAddress[] {java.net.InetAddress.getByName("10.0.0.7")});
            WebhookSender refusing = new WebhookSender(breakers, bulkheads, properties(), policy, CLOCK);
            try {
                AttemptResult result = refusing.send(to("http://hooks.agency.invalid/hooks"), SECRET);

                assertThat(result.kind()).isEqualTo(AttemptResult.Kind.FAILED);
                assertThat(result.error()).doesNotContain("10.0.0.7").contains("not public");
            } finally {
                refusing.close();
            }
        }
    }

    /** Issue 13, item 7: breaker and bulkhead names are metric tags; they must not show receivers' hosts. */
    @Nested
    class ReceiverNames {

        @Test
        void nameBreakersAndBulkheadsByADigestOfTheReceiverNotByItsHost() {
            healthy = uncheckedReceiver();
            sender.send(to(healthy.url()), SECRET);

            assertThat(breakers.getAllCircuitBreakers())
                    .extracting(breaker -> breaker.getName())
                    .contains(WebhookSender.receiverName(URI.create(healthy.url())))
                    .allSatisfy(
                            name -> assertThat(name).doesNotContain("127.0.0.1").doesNotContain("://"));
            assertThat(bulkheads.getAllBulkheads())
                    .extracting(bulkhead -> bulkhead.getName())
                    .allSatisfy(name -> assertThat(name).doesNotContain("127.0.0.1"));
            assertThat(WebhookSender.receiverName(URI.create("https://hooks.houston.example.gov:8443/a")))
                    .matches("webhook-[0-9a-f]{16}")
                    .isEqualTo(WebhookSender.receiverName(URI.create("https://hooks.houston.example.gov:8443/b")))
                    .isNotEqualTo(WebhookSender.receiverName(URI.create("https://hooks.dallas.example.gov/a")));
        }

        private WebhookReceiver uncheckedReceiver() {
            try {
                return WebhookReceiver.answering();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
