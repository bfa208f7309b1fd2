package taskforce.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.Cases;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.Location;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.infra.CommandRecorder;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;
import taskforce.platform.outbox.AggregateStore.Versioned;
import tools.jackson.databind.JsonNode;

/**
 * The one configuration every integration test of case-service runs in: the service on a random port against
 * the JVM's shared Kafka broker and in-memory MongoDB (its own database), seeded with the demo directory.
 * Tests talk to it as its clients do: HTTP for REST, CloudEvents produced to and read from real topics. The broker
 * and the database are shared, so every test uses ids of its own and filters what it reads by them.
 */
@SpringBootTest(
        classes = {CaseServiceApplication.class, CaseServiceIntegrationTest.Clocks.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + CaseServiceApplication.NAME,
            // the tests work in the demo directory; production seeds none (ProductionStartTest)
            "taskforce.directory.seed-demo=true",
            // the test broker's layout: one broker
            "taskforce.kafka.topics.partitions=3",
            "taskforce.kafka.topics.replication-factor=1",
            "taskforce.kafka.topics.min-insync-replicas=1",
            "taskforce.kafka.retry.initial-interval=100ms",
            "taskforce.kafka.retry.max-elapsed=1s",
            "taskforce.outbox.sweep-interval=500ms",
            "management.endpoint.health.show-details=always"
        })
public abstract class CaseServiceIntegrationTest {

    /** The service's clock, which tests may move (and must move back). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        TravellingClock travellingClock() {
            return new TravellingClock();
        }

        /** What the service sends the store; paused until a test resumes it for what it watches. */
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
    protected TravellingClock clock;

    @Autowired
    protected CommandRecorder storeCommands;

    public static final String COORDINATOR = "best-coordinator-ramirez";
    public static final String GARZA = "hpd-officer-garza";
    public static final String NGUYEN = "hsi-agent-nguyen";
    public static final String LEE = "dpd-officer-lee";
    public static final String OTHER_TASK_FORCE_MEMBER = "lapd-detective-chen";
    public static final String GANG_COORDINATOR = "gang-coordinator-okafor";
    public static final String BEST_HOUSTON = "best-houston";
    public static final String GANG_LOS_ANGELES = "gang-los-angeles";

    /*
     * Access tokens of demo directory identities, signed by the test issuer the service trusts. Their
     * task_force_ids claims are what the identity provider would issue; the service checks membership in its
     * own directory instead.
     */
    protected static final String COORDINATOR_TOKEN =
            TestTokens.member(COORDINATOR, "hsi", "COORDINATOR", BEST_HOUSTON);
    protected static final String GARZA_TOKEN = TestTokens.member(GARZA, "houston-pd", "MEMBER", BEST_HOUSTON);
    protected static final String NGUYEN_TOKEN = TestTokens.member(NGUYEN, "hsi", "MEMBER", BEST_HOUSTON);
    protected static final String LEE_TOKEN = TestTokens.member(LEE, "dallas-pd", "MEMBER", BEST_HOUSTON);
    protected static final String CHEN_TOKEN =
            TestTokens.member(OTHER_TASK_FORCE_MEMBER, "los-angeles-pd", "MEMBER", GANG_LOS_ANGELES);
    protected static final String GANG_COORDINATOR_TOKEN =
            TestTokens.member(GANG_COORDINATOR, "hsi", "COORDINATOR", GANG_LOS_ANGELES);
    protected static final String HOUSTON_ADMIN_TOKEN = TestTokens.agencyAdmin("houston-pd");
    protected static final String HOUSTON_SYSTEM_TOKEN = TestTokens.agencySystem("houston-pd");
    protected static final String ADMIN_TOKEN = TestTokens.admin();

    private static final Map<String, String> MEMBER_TOKENS = Map.of(
            COORDINATOR, COORDINATOR_TOKEN,
            GARZA, GARZA_TOKEN,
            NGUYEN, NGUYEN_TOKEN,
            LEE, LEE_TOKEN,
            OTHER_TASK_FORCE_MEMBER, CHEN_TOKEN,
            GANG_COORDINATOR, GANG_COORDINATOR_TOKEN);

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final EventCodec CODEC = EventCodec.instance();

    @DynamicPropertySource
    static void sharedInfrastructure(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers",
                () -> SharedTestInfrastructure.kafka().bootstrapServers());
        registry.add(
                "spring.mongodb.uri", () -> SharedTestInfrastructure.mongo().uri("case-service-it"));
        registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
        registry.add(TestTokens.ISSUER_PROPERTY, () -> "");
    }

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected KafkaConnectionDetails kafka;

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaConsumer<String, String> observer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void observeTopics() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        observer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(
                Topics.LEAD_TRIAGE_NAME,
                Topics.CASES_NAME,
                Topics.DIRECTORY_NAME,
                Topics.AUDIT_NAME,
                Topics.LEADS.deadLetter())) {
            observer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        observer.assign(partitions);
        observer.seekToBeginning(partitions);
    }

    @AfterEach
    void stopObserving() {
        observer.close();
    }

    @Autowired
    private Cases storedCases;

    @Autowired
    private MongoTemplate store;

    /**
     * After every test, every case in the store (whichever test made it) is exactly what its events rebuild: each
     * change of a case is an event. A case that moves on while it is compared is compared again.
     */
    @AfterEach
    void everyCaseIsRebuiltByItsEvents() {
        List<String> ids = new ArrayList<>();
        store.getCollection(Cases.COLLECTION)
                .find()
                .projection(new Document("_id", 1))
                .forEach(doc -> ids.add(doc.getString("_id")));
        for (String caseId : ids) {
            for (int attempt = 1; ; attempt++) {
                Versioned<Case> stored = storedCases.find(caseId).orElseThrow();
                Case replayed = Case.replay(storedCases.events(caseId));
                if (storedCases.find(caseId).orElseThrow().version() != stored.version() && attempt < 5) {
                    continue;
                }
                assertThat(replayed)
                        .as("case %s rebuilt from its events", caseId)
                        .isEqualTo(stored.value());
                break;
            }
        }
    }

    protected String bootstrapServers() {
        return String.join(",", kafka.getBootstrapServers());
    }

    // ---- Kafka in and out

    /**
     * A lead whose subject has no date of birth, so that it never matches another test's lead as the same person;
     * tests of people matching name their own subjects.
     */
    protected static LeadSubmitted lead(String taskForceId, Identifier... identifiers) {
        return lead(taskForceId, List.of(new Subject("Juan Perez", null, SubjectRole.SUSPECT)), identifiers);
    }

    protected static LeadSubmitted lead(String taskForceId, List<Subject> subjects, Identifier... identifiers) {
        String leadId = UUID.randomUUID().toString();
        return new LeadSubmitted(
                leadId,
                "houston-pd",
                GARZA,
                taskForceId,
                "HPD-" + leadId.substring(0, 8),
                Priority.PRIORITY,
                "Stash house on Telephone Rd " + leadId.substring(0, 8),
                "Narrative of the lead",
                Instant.parse("2026-11-20T18:30:00Z"),
                new Location("8300 Telephone Rd", "Houston", "TX", 29.68, -95.30),
                subjects,
                List.of(identifiers),
                Instant.now());
    }

    /** A US phone number no other test uses, written as {@code (AAA) 555-NNNN}. */
    protected static String uniquePhone() {
        long n = Math.abs(UUID.randomUUID().getMostSignificantBits());
        return String.format("(%03d) 555-%04d", 201 + n % 700, (n / 1000) % 10000);
    }

    protected static Identifier phone(String value) {
        return new Identifier(IdentifierType.PHONE, value);
    }

    protected CloudEvent submitted(LeadSubmitted lead) {
        return CODEC.wrap(EventTypes.LEAD_SUBMITTED, "/intake-service", lead.leadId(), Instant.now(), lead);
    }

    protected void produce(CloudEvent event) {
        produceRaw(Topics.LEADS_NAME, event.subject(), CODEC.write(event));
    }

    protected void produceRaw(String topic, String key, String value) {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Every record seen so far on the observed topics (a poll each call). */
    protected List<ConsumerRecord<String, String>> records(String topic) {
        observer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The CloudEvents of one aggregate seen so far on a topic, oldest first. */
    protected List<CloudEvent> events(String topic, String key) {
        return records(topic).stream()
                .filter(r -> key.equals(r.key()))
                .map(r -> CODEC.read(r.value()))
                .toList();
    }

    protected CloudEvent awaitEvent(String topic, String key, String type) {
        return await().atMost(WAIT)
                .until(
                        () -> events(topic, key).stream()
                                .filter(e -> e.type().equals(type))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** The audit records of one object and action, as the administrator reads them. */
    protected List<JsonNode> auditOf(String objectId, String action) {
        Response found = as(ADMIN_TOKEN).get("/api/audit?objectId=" + objectId + "&action=" + action);
        assertThat(found.status()).isEqualTo(200);
        return found.body().get("content").valueStream().toList();
    }

    protected LeadTriaged awaitTriaged(String leadId) {
        CloudEvent event = awaitEvent(Topics.LEAD_TRIAGE_NAME, leadId, EventTypes.LEAD_TRIAGED.name());
        return CODEC.payload(event, EventTypes.LEAD_TRIAGED);
    }

    /** Submits a fresh lead with a phone of its own and answers the case it opened. */
    protected LeadTriaged openCase() {
        return openCase(BEST_HOUSTON);
    }

    /** Submits a fresh lead to the task force with a phone of its own and answers the case it opened. */
    protected LeadTriaged openCase(String taskForceId) {
        LeadSubmitted lead = lead(taskForceId, phone(uniquePhone()));
        produce(submitted(lead));
        LeadTriaged triaged = awaitTriaged(lead.leadId());
        assertThat(triaged.newCase()).isTrue();
        return triaged;
    }

    // ---- HTTP

    protected record Response(int status, JsonNode body, HttpResponse<String> raw) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** HTTP calls with the given bearer token: {@code as(GARZA_TOKEN).get("/api/cases/" + id)}. */
    protected Client as(String token) {
        return new Client(token);
    }

    /** HTTP calls as the demo member with this id, with the token the identity provider would issue them. */
    protected Client asMember(String memberId) {
        String token = MEMBER_TOKENS.get(memberId);
        if (token == null) {
            throw new IllegalArgumentException("no test token for member " + memberId);
        }
        return as(token);
    }

    /** HTTP calls without any token. */
    protected Client anonymous() {
        return new Client(null);
    }

    protected final class Client {

        private final String token;

        private Client(String token) {
            this.token = token;
        }

        public Response get(String path) {
            return send("GET", path, null, Map.of());
        }

        public Response post(String path, Object body) {
            return send("POST", path, body, Map.of());
        }

        public Response put(String path, Object body) {
            return send("PUT", path, body, Map.of());
        }

        public Response delete(String path) {
            return send("DELETE", path, null, Map.of());
        }

        public Response send(String method, String path, Object body, Map<String, String> headers) {
            Map<String, String> withToken = new java.util.LinkedHashMap<>(headers);
            if (token != null) {
                withToken.put("Authorization", "Bearer " + token);
            }
            return CaseServiceIntegrationTest.this.send(method, path, body, withToken);
        }
    }

    private Response send(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(
                                            body instanceof String s
                                                    ? s
                                                    : CODEC.mapper().writeValueAsString(body)));
            request.header("Content-Type", "application/json");
            request.header("Accept", "application/json, application/problem+json");
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank()
                    ? null
                    : CODEC.mapper().readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static Predicate<CloudEvent> ofType(String type) {
        return e -> e.type().equals(type);
    }
}
