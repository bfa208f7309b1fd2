package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.lead.Priority;
import taskforce.infra.CommandRecorder;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;
import taskforce.notification.NotificationApplication;
import taskforce.notification.inbox.NotificationStreams;
import tools.jackson.databind.JsonNode;

/**
 * The one test configuration of the service: the application on a random port with short retry waits, a real SMTP
 * server, and helpers that drive it as its neighbours do (CloudEvents on Kafka, HTTP calls). Subclasses choose
 * the broker and the store. The scenarios live here so that every infrastructure runs the same ones.
 *
 * <p>Every HTTP call carries a real signed token ({@link TestTokens}, verified by the service against the test
 * key): {@code as(token).get(path)}. Identities are the demo directory's; tests that need a fresh member or task
 * force make it known through directory events, as case-service would.
 */
@SpringBootTest(
        classes = {NotificationApplication.class, NotificationServiceTestBase.StoreCommands.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + NotificationApplication.NAME,
            "spring.mail.host=127.0.0.1",
            "notification.delivery.backoff=300ms,300ms,300ms,3s",
            // exact waits, so that tests may count on the order of retries and directory updates
            "notification.delivery.jitter=0",
            // the test's receivers listen on loopback over http, as in the local profile
            "notification.webhook.require-https=false",
            "notification.webhook.allow-loopback=true",
            "notification.webhook.secret-key=dGVzdC1rZXktMzItYnl0ZXMtZm9yLWFlcy1nY20tISE=",
            "notification.delivery.scan-interval=100ms",
            "notification.stream.keep-alive=2s",
            // the test broker's layout: one broker
            "taskforce.kafka.topics.partitions=3",
            "taskforce.kafka.topics.replication-factor=1",
            "taskforce.kafka.topics.min-insync-replicas=1",
            "taskforce.kafka.retry.initial-interval=100ms",
            "taskforce.kafka.retry.max-elapsed=1s"
        })
abstract class NotificationServiceTestBase {

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

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String CASE_SERVICE = "/case-service";
    static final String HOUSTON = "houston-pd";
    static final String DALLAS = "dallas-pd";

    static final String HOUSTON_ADMIN = TestTokens.agencyAdmin(HOUSTON);
    static final String HOUSTON_SYSTEM = TestTokens.agencySystem(HOUSTON);
    static final String DALLAS_ADMIN = TestTokens.agencyAdmin(DALLAS);
    static final String ADMIN = TestTokens.admin();
    static final String GARZA = TestTokens.member("hpd-officer-garza", HOUSTON, "MEMBER", "best-houston");

    @DynamicPropertySource
    static void smtpAndTokens(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SharedTestInfrastructure.smtp().smtpPort());
        registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
        registry.add(TestTokens.ISSUER_PROPERTY, () -> "");
    }

    /** The token of a Houston officer of the given task forces. */
    static String memberToken(String memberId, String... taskForceIds) {
        return TestTokens.member(memberId, HOUSTON, "MEMBER", taskForceIds);
    }

    /** The service's Clock bean, which tests may move on (and put back). */
    static final AdjustableClock CLOCK = new AdjustableClock();

    @TestBean(name = "clock")
    Clock clock;

    static Clock clock() {
        return CLOCK;
    }

    /**
     * Puts the clock back after a test moved it on, and the due markers' cursor with it: a sweep on the moved clock
     * took the cursor to the moved time, which the real one reaches only minutes later (a clock that far off is
     * what production's time synchronisation rules out).
     */
    void clockBack() {
        CLOCK.reset();
        mongo.getCollection("due_markers")
                .updateOne(
                        new Document("_id", "cursor"),
                        new Document("$set", new Document("from", Instant.now().getEpochSecond() - 60)));
    }

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MeterRegistry meters;

    @Autowired
    NotificationStreams streams;

    final HttpClient http = HttpClient.newHttpClient();
    final EventCodec codec = EventCodec.instance();
    private KafkaProducer<String, String> producer;
    private final List<AutoCloseable> closeAfterTest = new ArrayList<>();

    @AfterEach
    void closeTestResources() throws Exception {
        for (AutoCloseable closeable : closeAfterTest) {
            closeable.close();
        }
        closeAfterTest.clear();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    // ---- scenarios shared by every infrastructure ----

    /** An assigned member gets an inbox entry, pushed live to an open stream, and an e-mail. */
    void assignedMemberIsNotifiedInInboxStreamAndEmail() throws Exception {
        String memberId = unique("member");
        String email = memberId + "@hpd.example.gov";
        String taskForceId = unique("tf");
        memberKnown(memberId, "Maria Lopez", email, taskForceId);
        SseClient stream = openStream(memberId);
        String caseId = unique("case");
        String caseNumber = caseNumber();

        CloudEvent assigned = caseAssigned(caseId, caseNumber, taskForceId, memberId);
        produce(assigned);

        String title = "Assigned to " + caseNumber + " as LEAD";
        JsonNode inbox = awaitInbox(memberId, 1);
        JsonNode notification = inbox.get(0);
        assertThat(notification.get("memberId").asString()).isEqualTo(memberId);
        assertThat(notification.get("caseId").asString()).isEqualTo(caseId);
        assertThat(notification.get("caseNumber").asString()).isEqualTo(caseNumber);
        assertThat(notification.get("eventType").asString()).isEqualTo("case.assigned.v1");
        assertThat(notification.get("title").asString()).isEqualTo(title);
        assertThat(notification.get("createdAt").isNull()).isFalse();
        assertThat(notification.path("readAt").isMissingNode()
                        || notification.get("readAt").isNull())
                .isTrue();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mailsTo(email))
                        .extracting(NotificationServiceTestBase::subject)
                        .containsExactly(title));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(stream.lines())
                        .contains("event:notification")
                        .anySatisfy(line -> assertThat(line)
                                .startsWith("data:")
                                .contains(notification.get("id").asString())
                                .contains(title)));
    }

    /**
     * The member's directory entry travels on another topic and may arrive after the assignment: the e-mail
     * waits for it (its address and membership are looked up at send time and the attempt retried) instead of
     * being dropped. The inbox entry, written when the event arrives, needs the membership then, so there is none.
     */
    void memberWhoReachesTheDirectoryLateStillGetsTheEmail() throws Exception {
        String memberId = unique("member");
        String email = memberId + "@hpd.example.gov";
        String caseNumber = caseNumber();
        String taskForceId = unique("tf");
        String caseId = unique("case");
        produce(caseAssigned(caseId, caseNumber, taskForceId, memberId));
        await().atMost(PATIENCE).until(() -> mongo.findById(caseId, Document.class, "known_cases") != null);

        memberKnown(memberId, "Ana Ruiz", email, taskForceId);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mailsTo(email))
                        .extracting(NotificationServiceTestBase::subject)
                        .containsExactly("Assigned to " + caseNumber + " as LEAD"));
        assertThat(as(memberToken(memberId, taskForceId)).getJson("/api/members/" + memberId + "/notifications"))
                .isEmpty();
    }

    /** A case event delivered twice is one notification and one e-mail. */
    void redeliveredAssignmentNotifiesOnce() throws Exception {
        String memberId = unique("member");
        String email = memberId + "@hpd.example.gov";
        String taskForceId = unique("tf");
        memberKnown(memberId, "Sam Carter", email, taskForceId);
        String caseId = unique("case");
        String caseNumber = caseNumber();
        CloudEvent assigned = caseAssigned(caseId, caseNumber, taskForceId, memberId);

        produce(assigned);
        produce(assigned);
        // same key, so it is processed after both copies of the assignment
        produce(codec.wrap(
                EventTypes.CASE_UNASSIGNED,
                CASE_SERVICE,
                caseId,
                Instant.now(),
                new CaseUnassigned(caseId, caseNumber, taskForceId, memberId, "coordinator-1", Instant.now())));

        JsonNode inbox = awaitInbox(memberId, 2);
        assertThat(titles(inbox))
                .containsExactlyInAnyOrder("Unassigned from " + caseNumber, "Assigned to " + caseNumber + " as LEAD");
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(mailsTo(email))
                        .extracting(NotificationServiceTestBase::subject)
                        .containsExactlyInAnyOrder(
                                "Assigned to " + caseNumber + " as LEAD", "Unassigned from " + caseNumber));
    }

    /** A webhook on a task force receives a later case event, signed; the delivery records its attempt. */
    void webhookSubscriberReceivesSignedLaterEvents() throws Exception {
        WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
        String taskForceId = unique("tf");
        agreementInForce(HOUSTON, taskForceId);
        JsonNode subscription = subscribeWebhook(taskForceId, receiver.url());
        String secret = subscription.get("channel").get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        String caseId = unique("case");
        Instant createdAt = Instant.parse(subscription.get("createdAt").asString());

        // Houston's own lead opened the case, so the dissemination rule entitles Houston to the event as published
        CloudEvent before = event(
                EventTypes.CASE_OPENED,
                caseId,
                createdAt.minusSeconds(60),
                new CaseOpened(
                        caseId,
                        caseNumber(),
                        taskForceId,
                        "Stash house",
                        Priority.ROUTINE,
                        unique("lead"),
                        HOUSTON,
                        List.of(),
                        List.of(),
                        createdAt.minusSeconds(60)));
        CloudEvent after = statusChanged(caseId, taskForceId, Instant.now().plusMillis(5));
        produce(before);
        // spaced unlike EventCodec would write it, to show that the body is forwarded as received
        String afterAsSent = codec.write(after).replace("{\"specversion\"", "{ \"specversion\"");
        assertThat(afterAsSent).startsWith("{ \"specversion\"");
        produce(Topics.CASES_NAME, caseId, afterAsSent);

        await().atMost(PATIENCE).until(() -> receiver.received().size() >= 1);
        WebhookReceiver.Received request = receiver.received().get(0);
        assertThat(StandardWebhooksVerifier.verify(
                        secret, request.id(), request.timestamp(), request.signature(), request.body()))
                .as("signature verifies")
                .isTrue();
        assertThat(request.contentType()).startsWith("application/cloudevents+json");
        assertThat(request.body()).isEqualTo(afterAsSent);

        String subscriptionId = subscription.get("id").asString();
        JsonNode deliveries = await().atMost(PATIENCE)
                .until(
                        () -> as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId),
                        list -> list.size() == 1
                                && "SUCCEEDED".equals(list.get(0).get("status").asString()));
        JsonNode delivery = deliveries.get(0);
        assertThat(delivery.get("id").asString()).isEqualTo(request.id());
        assertThat(delivery.get("eventId").asString()).isEqualTo(after.id());
        assertThat(delivery.get("attempts")).hasSize(1);
        assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(200);
        assertThat(delivery.get("attempts").get(0).get("durationMillis").isNumber())
                .isTrue();
        assertThat(receiver.received())
                .as("the event from before the subscription is not delivered")
                .hasSize(1);
    }

    // ---- helpers ----

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static String caseNumber() {
        return "BEST-HOU-FY27-" + String.format("%06d", (int) (Math.random() * 1_000_000));
    }

    <T extends AutoCloseable> T closeAfter(T closeable) {
        closeAfterTest.add(closeable);
        return closeable;
    }

    CloudEvent caseAssigned(String caseId, String caseNumber, String taskForceId, String memberId) {
        return codec.wrap(
                EventTypes.CASE_ASSIGNED,
                CASE_SERVICE,
                caseId,
                Instant.now(),
                new CaseAssigned(
                        caseId,
                        caseNumber,
                        taskForceId,
                        memberId,
                        AssignmentRole.LEAD,
                        "coordinator-1",
                        Instant.now()));
    }

    CloudEvent statusChanged(String caseId, String taskForceId, Instant at) {
        return statusChanged(caseId, taskForceId, at, caseNumber());
    }

    CloudEvent statusChanged(String caseId, String taskForceId, Instant at, String caseNumber) {
        return event(
                EventTypes.CASE_STATUS_CHANGED,
                caseId,
                at,
                new CaseStatusChanged(
                        caseId,
                        caseNumber,
                        taskForceId,
                        CaseStatus.ASSIGNED,
                        CaseStatus.ACTIVE,
                        "work starts",
                        "coordinator-1",
                        at));
    }

    <T> CloudEvent event(EventType<T> type, String subject, Instant time, T payload) {
        return codec.wrap(type, UUID.randomUUID().toString(), CASE_SERVICE, subject, time, payload);
    }

    /** A Houston member of exactly these task forces, as the directory says now. */
    void memberKnown(String memberId, String name, String email, String... taskForceIds) throws Exception {
        memberOf(HOUSTON, memberId, name, email, taskForceIds);
    }

    /** A member of the agency and of exactly these task forces, as the directory says now. */
    void memberOf(String agencyId, String memberId, String name, String email, String... taskForceIds)
            throws Exception {
        memberOf(agencyId, memberId, MemberRole.MEMBER, name, email, taskForceIds);
    }

    void memberOf(String agencyId, String memberId, MemberRole role, String name, String email, String... taskForceIds)
            throws Exception {
        produce(codec.wrap(
                EventTypes.MEMBER_UPSERTED,
                CASE_SERVICE,
                memberId,
                Instant.now(),
                new MemberUpserted(memberId, name, agencyId, email, List.of(taskForceIds), role)));
        // directory and case events travel on different topics, so the test waits for the read model like a real member
        // would exist long before
        await().atMost(PATIENCE).until(() -> {
            Document member = mongo.findById(memberId, Document.class, "members");
            return member != null
                    && agencyId.equals(member.getString("agencyId"))
                    && member.getList("taskForceIds", String.class).equals(List.of(taskForceIds));
        });
    }

    void agreementInForce(String agencyId, String taskForceId) throws Exception {
        agreementNow(agencyId, taskForceId, AgreementStatus.ACTIVE);
    }

    /** The directory announces the agreement's status; the test waits until this service's read model has it. */
    void agreementNow(String agencyId, String taskForceId, AgreementStatus status) throws Exception {
        String agreementId = agencyId + "--" + taskForceId;
        produce(codec.wrap(
                EventTypes.AGREEMENT_UPSERTED,
                CASE_SERVICE,
                agreementId,
                Instant.now(),
                new AgreementUpserted(agreementId, agencyId, taskForceId, status, null, null)));
        await().atMost(PATIENCE).until(() -> {
            Document agreement = mongo.findById(agreementId, Document.class, "agreements");
            return agreement != null && status.name().equals(agreement.getString("status"));
        });
    }

    /** A case this service has heard of, through an event from before any subscription made in the test. */
    void caseKnown(String caseId, String taskForceId) throws Exception {
        produce(statusChanged(caseId, taskForceId, Instant.now().minusSeconds(3600)));
        await().atMost(PATIENCE).until(() -> mongo.findById(caseId, Document.class, "known_cases") != null);
    }

    void produce(CloudEvent event) throws Exception {
        produce(
                event.type().startsWith("case.") ? Topics.CASES_NAME : Topics.DIRECTORY_NAME,
                event.subject(),
                codec.write(event));
    }

    void produce(String topic, String key, String value) throws Exception {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producer = new KafkaProducer<>(config);
        }
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** The records with {@code key} on a topic now: read from the beginning up to the end of every partition. */
    List<ConsumerRecord<String, String>> recordsNow(String topic, String key) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return found;
        }
    }

    /** How many records of the type the platform skipped on the topic, as this service's metrics count them. */
    double skipped(String topic, String type) {
        Counter counter = meters.find("taskforce.events.skipped")
                .tag("topic", topic)
                .tag("type", type)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** The event as a newer producer might send it: well-formed, of a type this build does not know. */
    String ofUnknownType(CloudEvent event, String type) {
        return codec.write(new CloudEvent(
                event.specversion(),
                UUID.randomUUID().toString(),
                event.source(),
                type,
                event.time(),
                event.subject(),
                event.datacontenttype(),
                event.data()));
    }

    /** Reads a topic from the beginning with a group of its own until a record with {@code key} shows up. */
    ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, unique("it"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }

    /** A Houston webhook on the task force, made by Houston's administrator; the agreement must be in force. */
    JsonNode subscribeWebhook(String taskForceId, String url) throws Exception {
        HttpResponse<String> response = as(HOUSTON_ADMIN).post("/api/subscriptions", """
                {"scope": {"taskForceId": "%s"}, "channel": {"type": "WEBHOOK", "url": "%s"}}
                """.formatted(taskForceId, url));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body());
    }

    /** Read by the member themself, the only one who may. */
    JsonNode awaitInbox(String memberId, int size) {
        Client owner = as(memberToken(memberId));
        return await().atMost(PATIENCE)
                .until(() -> owner.getJson("/api/members/" + memberId + "/notifications"), list -> list.size() >= size);
    }

    static List<String> titles(JsonNode notifications) {
        List<String> titles = new ArrayList<>();
        for (JsonNode notification : notifications) {
            titles.add(notification.get("title").asString());
        }
        return titles;
    }

    record SseClient(CompletableFuture<HttpResponse<Stream<String>>> response, List<String> lines) {}

    SseClient openStream(String memberId) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(uri("/api/members/" + memberId + "/notifications/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + memberToken(memberId))
                .GET()
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> response.join().body().forEach(lines::add), "sse-" + memberId);
        reader.setDaemon(true);
        reader.start();
        await().atMost(PATIENCE).until(() -> lines.contains(":connected") && streams.openStreams(memberId) == 1);
        return new SseClient(response, lines);
    }

    List<MimeMessage> mailsTo(String address) {
        return SharedTestInfrastructure.smtp().received().stream()
                .filter(message -> recipients(message).contains(address))
                .toList();
    }

    static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(Object::toString)
                    .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Calls the service with the given access token. */
    Client as(String token) {
        return new Client(token);
    }

    /** HTTP calls as one identity. */
    final class Client {

        private final String token;

        private Client(String token) {
            this.token = token;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(request(path).GET());
        }

        JsonNode getJson(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            return json(response.body());
        }

        HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return send(request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        HttpResponse<String> delete(String path) throws IOException, InterruptedException {
            return send(request(path).DELETE());
        }

        HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
            return switch (method) {
                case "GET" -> get(path);
                case "DELETE" -> delete(path);
                default -> throw new IllegalArgumentException(method);
            };
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
            return token == null ? builder : builder.header("Authorization", "Bearer " + token);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    JsonNode json(String body) {
        return codec.mapper().readTree(body);
    }
}
