package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.directory.AgencyType;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.infra.EmbeddedKafka;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;
import taskforce.notification.NotificationApplication;

/**
 * Ready means ready: a new instance starting against a directory topic that already holds a large directory
 * reports ready only once its read model holds it, so the first request the load balancer sends it is judged on
 * the whole directory. A broker of its own, so that the service's consumer group starts from nothing.
 */
class ReadinessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final EventCodec CODEC = EventCodec.instance();
    private static final int DIRECTORY_SIZE = 1_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafka kafka;
    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Nested
    class AFreshInstance {

        @Test
        void acceptsAnAgencyAdministratorsSubscriptionRightAfterReportingReadyWhileLivenessStayedUp() throws Exception {
            kafka = EmbeddedKafka.start();
            String taskForceId = "tf-" + UUID.randomUUID();
            // many other agencies first, the agreement that matters last, as a directory grown over years
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all"),
                    new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < DIRECTORY_SIZE; i++) {
                    String agencyId = "agency-" + i;
                    send(
                            producer,
                            CODEC.wrap(
                                    EventTypes.AGENCY_UPSERTED,
                                    "/case-service",
                                    agencyId,
                                    Instant.now(),
                                    new AgencyUpserted(agencyId, "Agency " + i, AgencyType.LOCAL, "TX")));
                }
                String agreementId = "houston-pd--" + taskForceId;
                send(
                        producer,
                        CODEC.wrap(
                                EventTypes.AGREEMENT_UPSERTED,
                                "/case-service",
                                agreementId,
                                Instant.now(),
                                new AgreementUpserted(
                                        agreementId, "houston-pd", taskForceId, AgreementStatus.ACTIVE, null, null)));
                producer.flush();
            }

            service = NotificationApplication.builder()
                    .run(
                            "--server.port=0",
                            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                            "--spring.mongodb.uri="
                                    + SharedTestInfrastructure.mongo().uri("readiness-" + UUID.randomUUID()),
                            "--spring.mail.host=127.0.0.1",
                            "--spring.mail.port="
                                    + SharedTestInfrastructure.smtp().smtpPort(),
                            "--notification.webhook.secret-key=dGVzdC1rZXktMzItYnl0ZXMtZm9yLWFlcy1nY20tISE=",
                            "--taskforce.kafka.topics.partitions=3",
                            "--taskforce.kafka.topics.replication-factor=1",
                            "--taskforce.kafka.topics.min-insync-replicas=1",
                            "--" + TestTokens.PROPERTY + "=" + TestTokens.publicKeyLocation(),
                            "--" + TestTokens.ISSUER_PROPERTY + "=",
                            "--spring.main.banner-mode=off");
            String base = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");

            List<Integer> livenessWhileNotReady = new CopyOnWriteArrayList<>();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (get(base + "/actuator/health/readiness") == 200) {
                    return true;
                }
                livenessWhileNotReady.add(get(base + "/actuator/health/liveness"));
                return false;
            });
            HttpResponse<String> subscribed = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/subscriptions"))
                            .header("Authorization", "Bearer " + TestTokens.agencyAdmin("houston-pd"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"agencyId\": \"houston-pd\", \"scope\":"
                                    + " {\"taskForceId\": \"" + taskForceId + "\"}, \"channel\": {\"type\": \"EMAIL\","
                                    + " \"address\": \"watch@hpd.example.gov\"}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
            assertThat(livenessWhileNotReady)
                    .as("liveness while the instance was seen catching up")
                    .isNotEmpty()
                    .containsOnly(200);
        }
    }

    private static void send(KafkaProducer<String, String> producer, CloudEvent event) {
        producer.send(new ProducerRecord<>(Topics.DIRECTORY_NAME, event.subject(), CODEC.write(event)));
    }

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
