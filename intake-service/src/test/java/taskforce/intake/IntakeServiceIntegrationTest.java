package taskforce.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.directory.AgencyType;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.TriageOutcome;
import taskforce.infra.CommandRecorder;
import taskforce.infra.TestTokens;
import taskforce.intake.directory.Directory;
import tools.jackson.databind.JsonNode;

/**
 * The one test configuration of intake-service: the application on a random port, driven over real HTTP and
 * real Kafka records. Subclasses say which broker and store it runs against; the tests here run on each.
 */
@SpringBootTest(
        classes = {IntakeServiceApplication.class, IntakeServiceIntegrationTest.StoreCommands.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + IntakeServiceApplication.NAME,
            // the test broker's layout: one broker
            "taskforce.kafka.topics.partitions=3",
            "taskforce.kafka.topics.replication-factor=1",
            "taskforce.kafka.topics.min-insync-replicas=1",
            "taskforce.kafka.retry.max-elapsed=1s",
            "taskforce.outbox.sweep-interval=500ms",
            // low enough for a test to reach, above what any other test submits for one agency
            "resilience4j.ratelimiter.instances.lead-submission.limit-for-period=10",
            // windows are fixed (counted in the store): an hour keeps a test's few seconds of leads within one window
            "resilience4j.ratelimiter.instances.lead-submission.limit-refresh-period=1h"
        })
public abstract class IntakeServiceIntegrationTest {

    /** What the service sends the store; paused until a test resumes it for what it watches. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StoreCommands {

        @Bean
        CommandRecorder storeCommands() {
            CommandRecorder recorder = new CommandRecorder();
            recorder.pause();
            return recorder;
        }

        @Bean
        MongoClientSettingsBuilderCustomizer recordStoreCommands(CommandRecorder storeCommands) {
            return settings -> settings.addCommandListener(storeCommands);
        }
    }

    @Autowired
    protected CommandRecorder storeCommands;

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final EventCodec CODEC = EventCodec.instance();

    @LocalServerPort
    protected int port;

    @Value("${spring.kafka.bootstrap-servers}")
    protected String bootstrapServers;

    @Autowired
    protected Directory directory;

    /** The services verify tokens with the test issuer's public key, which {@link TestTokens} signs with. */
    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
        registry.add(TestTokens.ISSUER_PROPERTY, () -> "");
    }

    protected final HttpClient http = HttpClient.newHttpClient();
    protected KafkaProducer<String, String> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    @AfterEach
    void disconnect() {
        producer.close();
    }

    // ---------------------------------------------------------------- the tests every infrastructure runs

    @Test
    void acceptsAValidLeadAndPublishesLeadSubmittedKeyedByLeadId() {
        Fixture fixture = givenAgreementInForce();
        Response response = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-1"));

        assertThat(response.status()).isEqualTo(202);
        String leadId = response.json().path("leadId").asString();
        assertThat(response.json().path("status").asString()).isEqualTo("RECEIVED");
        assertThat(response.location()).isEqualTo("/api/leads/" + leadId);

        List<ConsumerRecord<String, String>> records = awaitRecords(Topics.LEADS_NAME, leadId, 1);
        CloudEvent event = CODEC.read(records.get(0).value());
        assertThat(event.type()).isEqualTo(EventTypes.LEAD_SUBMITTED.name());
        assertThat(event.source()).isEqualTo("/intake-service");
        assertThat(event.subject()).isEqualTo(leadId);
        LeadSubmitted submitted = CODEC.payload(event, EventTypes.LEAD_SUBMITTED);
        assertThat(submitted.agencyReference()).isEqualTo("REF-1");
        assertThat(submitted.taskForceId()).isEqualTo(fixture.taskForceId());
        assertThat(submitted.identifiers()).hasSize(1);
        assertThat(submitted.subjects().get(0).aliases()).containsExactly("Juanito Pérez");

        Response read = as(memberOf(fixture)).get("/api/leads/" + leadId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("status").asString()).isEqualTo("RECEIVED");
        assertThat(read.json().path("version").asLong()).isEqualTo(1);
        assertThat(read.json().path("receivedAt").asString()).isNotBlank();
    }

    @Test
    void answersTheSameRequestAgainWithTheFirstAnswerAndPublishesOnce() {
        Fixture fixture = givenAgreementInForce();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> body = leadBody(fixture, "REF-2");

        Response first = as(memberOf(fixture)).submit(key, body);
        Response again = as(memberOf(fixture)).submit(key, body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.location()).isEqualTo(first.location());
        String leadId = first.json().path("leadId").asString();
        awaitRecords(Topics.LEADS_NAME, leadId, 1);
        assertThat(recordsOf(Topics.LEADS_NAME, leadId)).hasSize(1);
        assertThat(recordsOf(Topics.LEADS_NAME, null).stream()
                        .map(r -> CODEC.read(r.value()))
                        .map(e -> CODEC.payload(e, EventTypes.LEAD_SUBMITTED))
                        .filter(s -> s.agencyId().equals(fixture.agencyId())))
                .hasSize(1);
    }

    @Test
    void showsTheLeadLinkedToItsCaseOnceTriageReportsIt() {
        Fixture fixture = givenAgreementInForce();
        String leadId = submitted(fixture, "REF-3");

        publish(EventTypes.LEAD_TRIAGED, leadId, triaged(leadId, fixture, "case-" + leadId, Instant.now()));

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode lead = as(memberOf(fixture)).get("/api/leads/" + leadId).json();
            assertThat(lead.path("status").asString()).isEqualTo("LINKED");
            assertThat(lead.path("caseId").asString()).isEqualTo("case-" + leadId);
            assertThat(lead.path("caseNumber").asString()).isEqualTo("BEST-HOU-FY27-000001");
            assertThat(lead.path("triagedAt").asString()).isNotBlank();
        });
    }

    // ---------------------------------------------------------------- directory fixtures

    /** Ids of one test's own agency, task force, member and agreement. */
    protected record Fixture(String agencyId, String taskForceId, String memberId, String agreementId) {}

    protected Fixture newFixture() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new Fixture("agency-" + suffix, "tf-" + suffix, "member-" + suffix, "moa-" + suffix);
    }

    protected Fixture givenAgreementInForce() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return givenDirectory(AgreementStatus.ACTIVE, today.minusYears(1), today.plusYears(1));
    }

    /** Publishes a whole little directory on the directory topic and waits until intake has read it. */
    protected Fixture givenDirectory(AgreementStatus status, LocalDate from, LocalDate to) {
        Fixture fixture = newFixture();
        publishDirectoryBase(fixture);
        AgreementUpserted agreement = new AgreementUpserted(
                fixture.agreementId(), fixture.agencyId(), fixture.taskForceId(), status, from, to);
        publish(EventTypes.AGREEMENT_UPSERTED, agreement.id(), agreement);
        await().atMost(PATIENCE)
                .until(() -> directory.member(fixture.memberId()).isPresent()
                        && directory.agency(fixture.agencyId()).isPresent()
                        && directory.taskForce(fixture.taskForceId()).isPresent()
                        && directory.agreements(fixture.agencyId(), fixture.taskForceId()).stream()
                                .anyMatch(a -> a.status() == status));
        return fixture;
    }

    /** Agency, task force and member, without any agreement between them. */
    protected Fixture givenNoAgreement() {
        Fixture fixture = newFixture();
        publishDirectoryBase(fixture);
        await().atMost(PATIENCE)
                .until(() -> directory.member(fixture.memberId()).isPresent()
                        && directory.agency(fixture.agencyId()).isPresent()
                        && directory.taskForce(fixture.taskForceId()).isPresent());
        return fixture;
    }

    private void publishDirectoryBase(Fixture fixture) {
        publish(
                EventTypes.AGENCY_UPSERTED,
                fixture.agencyId(),
                new AgencyUpserted(fixture.agencyId(), "Test PD", AgencyType.LOCAL, "TX"));
        publish(
                EventTypes.TASK_FORCE_UPSERTED,
                fixture.taskForceId(),
                new TaskForceUpserted(fixture.taskForceId(), "Test BEST", "BEST", "Houston"));
        publish(
                EventTypes.MEMBER_UPSERTED,
                fixture.memberId(),
                new MemberUpserted(
                        fixture.memberId(),
                        "Officer Test",
                        fixture.agencyId(),
                        null,
                        List.of(fixture.taskForceId()),
                        MemberRole.MEMBER));
    }

    // ---------------------------------------------------------------- leads

    protected Map<String, Object> leadBody(Fixture fixture, String agencyReference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agencyId", fixture.agencyId());
        body.put("submittedBy", fixture.memberId());
        body.put("taskForceId", fixture.taskForceId());
        body.put("agencyReference", agencyReference);
        body.put("priority", "PRIORITY");
        body.put("summary", "Stash house reported near the port");
        body.put("narrative", "An informant reports weapons moved through a warehouse.");
        body.put("occurredAt", "2026-11-20T18:30:00Z");
        body.put(
                "location",
                new LinkedHashMap<>(Map.of(
                        "address",
                        "1 Harbor St",
                        "city",
                        "Houston",
                        "state",
                        "TX",
                        "latitude",
                        29.76,
                        "longitude",
                        -95.36)));
        body.put(
                "subjects",
                new ArrayList<>(List.of(new LinkedHashMap<>(Map.of(
                        "name",
                        "Juan Perez",
                        "dateOfBirth",
                        "1988-04-02",
                        "role",
                        "SUSPECT",
                        "aliases",
                        List.of("Juanito Pérez"))))));
        body.put(
                "identifiers",
                new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("type", "PHONE", "value", "(713) 555-0100")))));
        return body;
    }

    /** The body without the identity fields, which the token supplies. */
    protected static Map<String, Object> withoutIdentity(Map<String, Object> body) {
        body.remove("agencyId");
        body.remove("submittedBy");
        return body;
    }

    /** Submits a lead that must be accepted; returns its id. */
    protected String submitted(Fixture fixture, String agencyReference) {
        Response response =
                as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, agencyReference));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("leadId").asString();
    }

    protected LeadTriaged triaged(String leadId, Fixture fixture, String caseId, Instant at) {
        return new LeadTriaged(
                leadId,
                fixture.agencyId(),
                fixture.taskForceId(),
                TriageOutcome.LINKED,
                caseId,
                "BEST-HOU-FY27-000001",
                true,
                null,
                at);
    }

    // ---------------------------------------------------------------- HTTP

    protected record Response(int status, String body, String location, String contentType, String retryAfter) {
        JsonNode json() {
            return CODEC.mapper().readTree(body);
        }
    }

    /** Requests made with this access token: every call states who it is made as. */
    protected Client as(String token) {
        return new Client(token);
    }

    /** Requests without any token, as only the health endpoints and the OpenAPI document accept. */
    protected Client anonymous() {
        return new Client(null);
    }

    /** The token of the fixture's member, as the identity provider would issue it. */
    protected static String memberOf(Fixture fixture) {
        return TestTokens.member(fixture.memberId(), fixture.agencyId(), "MEMBER", fixture.taskForceId());
    }

    protected final class Client {

        private final String token;

        private Client(String token) {
            this.token = token;
        }

        public Response submit(String idempotencyKey, Object body) {
            String json = body instanceof String raw ? raw : CODEC.mapper().writeValueAsString(body);
            HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri("/api/leads")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return send(request.build());
        }

        public Response get(String path) {
            return send(authorized(HttpRequest.newBuilder(uri(path))).GET().build());
        }

        private HttpRequest.Builder authorized(HttpRequest.Builder request) {
            return token == null ? request : request.header("Authorization", "Bearer " + token);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- Kafka

    protected <T> CloudEvent publish(EventType<T> type, String key, T payload) {
        CloudEvent event = CODEC.wrap(type, "/intake-service-test", key, Instant.now(), payload);
        publishRaw(type.topic().name(), key, CODEC.write(event));
        return event;
    }

    protected void publishRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record on the topic so far, of one key (or all when {@code key} is null); the broker is shared. */
    protected List<ConsumerRecord<String, String>> recordsOf(String topic, String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records.stream()
                    .filter(r -> key == null || key.equals(r.key()))
                    .toList();
        }
    }

    protected List<ConsumerRecord<String, String>> awaitRecords(String topic, String key, int count) {
        List<List<ConsumerRecord<String, String>>> found = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> records = recordsOf(topic, key);
            assertThat(records).hasSizeGreaterThanOrEqualTo(count);
            found.add(records);
        });
        return found.get(found.size() - 1);
    }

    protected static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }
}
