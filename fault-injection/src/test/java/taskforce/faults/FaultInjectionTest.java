package taskforce.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;
import taskforce.infra.EmbeddedMongo;
import taskforce.infra.EmbeddedSmtp;
import taskforce.infra.FreePorts;
import taskforce.infra.LocalKafkaBroker;
import taskforce.infra.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Nothing lost, nothing doubled: the three services run as processes of their own against a real Kafka broker and
 * the MongoDB wire-protocol store, a stream of leads flows through them with assignments and two agencies' webhook
 * subscriptions, and each scenario injects one fault mid-stream. After each, with the stream stopped and the
 * system drained, the suite counts what each party saw, prints it, and fails on any loss or duplicate.
 *
 * <p>{@code mvn -B verify} runs the short form ({@code -Dfaults.leads=40}); the long form is
 * {@code mvn -B -pl fault-injection -am verify -Dfaults.leads=300 -Dtest=FaultInjectionTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    static final String TASK_FORCE = "best-houston";
    static final String ASSIGNEE = "hsi-agent-nguyen";
    static final String COORDINATOR = "best-coordinator-ramirez";

    private static final int LEADS = Integer.getInteger("faults.leads", 40);
    private static final Duration INTERVAL = Duration.ofMillis(Long.getLong("faults.interval-ms", 150));
    private static final Duration BROKER_OUTAGE = Duration.ofSeconds(Long.getLong("faults.broker-outage-s", 30));
    private static final Duration DRAIN = Duration.ofSeconds(Long.getLong("faults.drain-s", 180));

    static EmbeddedMongo mongo;
    static LocalKafkaBroker broker;
    static Path brokerLog;
    static int brokerPort;
    static int controllerPort;
    static EmbeddedSmtp smtp;
    static ServiceProcess cases;
    static ServiceProcess intake;
    static ServiceProcess notifications;
    static Receiver steady;
    static Receiver flaky;
    static CaseEvents caseEvents;
    static List<Stream.Officer> officers;
    static Api coordinator;
    static Api assignee;

    @BeforeAll
    static void startTheSystemAsSeparateProcesses() throws Exception {
        mongo = EmbeddedMongo.inMemory(0);
        brokerLog = Files.createTempDirectory("faults-kafka");
        brokerPort = FreePorts.next();
        controllerPort = FreePorts.next();
        broker = LocalKafkaBroker.start(brokerLog, brokerPort, controllerPort);
        smtp = EmbeddedSmtp.start(0, 0);

        cases = service("case-service", "cases").start().awaitHealthy();
        intake = service("intake-service", "intake").start();
        notifications = service(
                        "notification-service",
                        "notifications",
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + smtp.smtpPort(),
                        // a schedule and timeouts a test can wait for; production keeps hours
                        "--notification.delivery.backoff=1s,2s,3s,5s,5s,10s,10s,10s,10s,10s,10s,10s,10s,10s,10s",
                        "--notification.webhook.request-timeout=2s",
                        "--notification.webhook.connect-timeout=1s",
                        "--resilience4j.circuitbreaker.instances.webhook.wait-duration-in-open-state=3s")
                .start();
        intake.awaitHealthy();
        notifications.awaitHealthy();

        officers = List.of(
                officer("houston-pd", "hpd-officer-garza"),
                officer("dallas-pd", "dpd-officer-lee"),
                officer("hsi", "hsi-agent-nguyen"));
        coordinator = new Api(TestTokens.member(COORDINATOR, "hsi", "COORDINATOR", TASK_FORCE));
        assignee = new Api(TestTokens.member(ASSIGNEE, "hsi", "MEMBER", TASK_FORCE));
        caseEvents = new CaseEvents(broker.bootstrapServers());

        steady = new Receiver();
        flaky = new Receiver();
        subscribe("houston-pd", steady);
        subscribe("dallas-pd", flaky);
    }

    @AfterAll
    static void stopEverything() {
        Parts.closeAll(notifications, intake, cases, caseEvents, steady, flaky, smtp, broker, mongo);
    }

    @Test
    @Order(1)
    void caseServiceKilledMidStream() {
        run("kill-case-service", () -> {
            cases.kill();
            cases.start().awaitHealthy();
        });
    }

    @Test
    @Order(2)
    void notificationServiceKilledMidStream() {
        run("kill-notification-service", () -> {
            notifications.kill();
            notifications.start().awaitHealthy();
        });
    }

    @Test
    @Order(3)
    void brokerStoppedAndStartedAgain() {
        run("broker-outage", () -> {
            broker.close();
            CompletableFuture<LocalKafkaBroker> restarted = CompletableFuture.supplyAsync(
                    () -> LocalKafkaBroker.start(brokerLog, brokerPort, controllerPort),
                    CompletableFuture.delayedExecutor(BROKER_OUTAGE.toMillis(), TimeUnit.MILLISECONDS));
            broker = restarted.join();
        });
    }

    @Test
    @Order(4)
    void oneReceiverFailsThenHangsThenRecoversWhileTheOtherStaysHealthy() {
        run("failing-receiver", () -> {
            flaky.fail();
            await().atMost(DRAIN).until(() -> flaky.attemptsByStatus.getOrDefault("500", 0) >= 5);
            flaky.hang();
            await().atMost(DRAIN).until(() -> flaky.attemptsByStatus.getOrDefault("hung", 0) >= 2);
            flaky.recover();
        });
    }

    @Test
    @Order(5)
    void aRecordThatCannotBeProcessedOnEveryTopicGoesToItsDeadLetterTopicAlone() throws Exception {
        Map<String, Topic> injected = new HashMap<>();
        run("poison-records", () -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                for (Topic topic : List.of(Topics.LEADS, Topics.LEAD_TRIAGE, Topics.CASES, Topics.DIRECTORY)) {
                    String key = "poison-" + topic.name() + "-" + System.nanoTime();
                    producer.send(new ProducerRecord<>(topic.name(), key, "{\"not\": \"a cloud event\""))
                            .get(30, TimeUnit.SECONDS);
                    injected.put(key, topic);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, List<String>> deadKeysByTopic = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            deadKeysByTopic.clear();
            deadKeysByTopic.putAll(deadLetterKeys());
            for (Map.Entry<String, Topic> poison : injected.entrySet()) {
                assertThat(deadKeysByTopic.getOrDefault(poison.getValue().deadLetter(), List.of()))
                        .as("dead letters of " + poison.getValue().name())
                        .contains(poison.getKey());
            }
        });
        List<String> unexpected = deadKeysByTopic.values().stream()
                .flatMap(Collection::stream)
                .filter(key -> !injected.containsKey(key))
                .toList();
        System.out.printf("  dead-letter records: %s; not injected: %s%n", deadKeysByTopic, unexpected);
        assertThat(unexpected).as("only the injected records are dead letters").isEmpty();
    }

    private static void run(String scenario, Runnable fault) {
        steady.attemptsByStatus.clear();
        flaky.attemptsByStatus.clear();
        Instant faultStarted;
        Instant faultEnded;
        try (Stream stream =
                new Stream(scenario, LEADS, officers, coordinator, intake.url(), cases.url()).start(INTERVAL)) {
            await().atMost(DRAIN).until(() -> stream.submitted() >= LEADS / 3);
            faultStarted = Instant.now();
            fault.run();
            faultEnded = Instant.now();
            await().atMost(DRAIN).until(stream::allSubmitted);
            await().atMost(DRAIN).pollInterval(Duration.ofMillis(500)).until(stream::allTriagedAndAssigned);
            verify(scenario, stream, faultStarted, faultEnded);
        }
    }

    private static void verify(String scenario, Stream stream, Instant faultStarted, Instant faultEnded) {
        Set<String> caseIds = new HashSet<>(stream.caseOfLead.values());
        // every event of these cases that case-service published, as the topic holds it
        Set<String> expectedEvents = new HashSet<>();
        await().atMost(DRAIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            expectedEvents.clear();
            expectedEvents.addAll(caseEvents.eventIdsOf(caseIds));
            assertThat(steady.webhookIdsByEvent().keySet()).containsAll(expectedEvents);
            assertThat(flaky.webhookIdsByEvent().keySet()).containsAll(expectedEvents);
            assertThat(assignedNotifications(caseIds)).hasSize(caseIds.size());
        });

        long opened = stream.caseOfLead.values().stream().distinct().count();
        Map<String, Set<String>> steadyIds = onlyOf(steady.webhookIdsByEvent(), expectedEvents);
        Map<String, Set<String>> flakyIds = onlyOf(flaky.webhookIdsByEvent(), expectedEvents);
        List<Duration> latencies = steady.latencies(faultStarted, faultEnded.plusSeconds(5));
        List<String> inbox = assignedNotifications(caseIds);
        Map<String, List<String>> deadLetters = deadLetterKeys();
        Set<String> ours = new HashSet<>(caseIds);
        stream.accepted.values().forEach(lead -> ours.add(lead.leadId()));
        long ourDeadLetters = deadLetters.values().stream()
                .flatMap(Collection::stream)
                .filter(ours::contains)
                .count();

        System.out.printf(
                "%nfault injection: %s (%d leads, %s between leads)%n", scenario, LEADS, INTERVAL.toMillis() + " ms");
        System.out.printf(
                "  leads accepted %d, refused %d, linked to a case %d (%d cases opened, %d leads joined one)%n",
                stream.accepted.size(),
                stream.refused.size(),
                stream.caseOfLead.size(),
                opened,
                stream.caseOfLead.size() - opened);
        System.out.printf(
                "  inbox notifications of the assignee: expected %d, delivered %d%n", caseIds.size(), inbox.size());
        System.out.printf(
                "  webhooks, steady receiver: expected %d events, received %d distinct webhook-ids, duplicates %d%n",
                expectedEvents.size(), distinct(steadyIds), duplicates(steadyIds));
        System.out.printf(
                "  webhooks, flaky receiver:  expected %d events, received %d distinct webhook-ids, duplicates %d, attempts %s%n",
                expectedEvents.size(), distinct(flakyIds), duplicates(flakyIds), flaky.attemptsByStatus);
        System.out.printf("  dead-letter records of this stream: %d%n", ourDeadLetters);
        System.out.printf(
                "  steady receiver latency while the fault lasted (%d deliveries): %s%n",
                latencies.size(), percentiles(latencies));

        assertThat(stream.refused).as("leads refused").isEmpty();
        assertThat(stream.caseOfLead)
                .as("every accepted lead is linked to a case")
                .hasSameSizeAs(stream.accepted);
        assertThat(inbox).as("one notification per assignment").hasSize(caseIds.size());
        assertThat(new HashSet<>(inbox)).hasSize(inbox.size());
        assertThat(distinct(steadyIds)).isEqualTo(expectedEvents.size());
        assertThat(duplicates(steadyIds)).isZero();
        assertThat(distinct(flakyIds)).isEqualTo(expectedEvents.size());
        assertThat(duplicates(flakyIds)).isZero();
        assertThat(ourDeadLetters).isZero();
    }

    private static Map<String, Set<String>> onlyOf(Map<String, Set<String>> byEvent, Set<String> events) {
        Map<String, Set<String>> only = new HashMap<>(byEvent);
        only.keySet().retainAll(events);
        return only;
    }

    private static long distinct(Map<String, Set<String>> webhookIdsByEvent) {
        return webhookIdsByEvent.values().stream().mapToLong(Set::size).sum();
    }

    /** A second webhook id for one event: the receiver cannot tell it from a new event. */
    private static long duplicates(Map<String, Set<String>> webhookIdsByEvent) {
        return webhookIdsByEvent.values().stream()
                .mapToLong(ids -> ids.size() - 1)
                .sum();
    }

    private static String percentiles(List<Duration> latencies) {
        if (latencies.isEmpty()) {
            return "none";
        }
        List<Long> millis = latencies.stream().map(Duration::toMillis).sorted().toList();
        return String.format(
                "p50 %d ms, p99 %d ms, max %d ms",
                millis.get((int) Math.ceil(0.50 * millis.size()) - 1),
                millis.get((int) Math.ceil(0.99 * millis.size()) - 1),
                millis.get(millis.size() - 1));
    }

    /** The case ids of the assignee's case.assigned notifications about these cases, one per notification. */
    private static List<String> assignedNotifications(Set<String> caseIds) {
        Api.Answer inbox = assignee.get(notifications.url() + "/api/members/" + ASSIGNEE + "/notifications");
        List<String> found = new ArrayList<>();
        if (inbox.status() == 200) {
            JsonNode entries =
                    inbox.body().isArray() ? inbox.body() : inbox.body().path("content");
            entries.forEach(entry -> {
                if ("case.assigned.v1".equals(entry.path("eventType").asString())
                        && caseIds.contains(entry.path("caseId").asString())) {
                    found.add(entry.path("caseId").asString());
                }
            });
        }
        return found;
    }

    private static Map<String, List<String>> deadLetterKeys() {
        Map<String, List<String>> keys = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topics.ALL) {
                consumer.partitionsFor(topic.deadLetter())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            readAll(
                    consumer,
                    partitions,
                    record -> keys.computeIfAbsent(record.topic(), t -> new ArrayList<>())
                            .add(record.key()));
        }
        return keys;
    }

    static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
    }

    static void readAll(
            KafkaConsumer<String, String> consumer,
            List<TopicPartition> partitions,
            Consumer<ConsumerRecord<String, String>> each) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(each);
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
    }

    private static Stream.Officer officer(String agencyId, String memberId) {
        return new Stream.Officer(
                agencyId, memberId, new Api(TestTokens.member(memberId, agencyId, "MEMBER", TASK_FORCE)));
    }

    private static void subscribe(String agencyId, Receiver receiver) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        Api agency = new Api(TestTokens.agencySystem(agencyId));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Api.Answer created = agency.post(
                            notifications.url() + "/api/subscriptions",
                            Map.of(
                                    "scope", Map.of("taskForceId", TASK_FORCE),
                                    "channel", Map.of("type", "WEBHOOK", "url", receiver.url(), "secret", secret)),
                            Map.of());
                    // the service learns the directory from Kafka first; until then the agreement is unknown
                    assertThat(created.status())
                            .as(String.valueOf(created.body()))
                            .isEqualTo(201);
                });
    }

    private static ServiceProcess service(String module, String database, String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.mongodb.uri=" + mongo.uri(database),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=",
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
                "--spring.profiles.active=local",
                // the demo directory these tests work in, without the demo profile's year of outcomes
                "--taskforce.directory.seed-demo=true",
                "--taskforce.outbox.sweep-interval=500ms"));
        arguments.addAll(List.of(extra));
        int port = FreePorts.next();
        return new ServiceProcess(module, port, arguments);
    }

    /** Reads taskforce.cases.v1 from the start: what case-service published, to compare with what arrived. */
    static final class CaseEvents implements AutoCloseable {
        private final String bootstrapServers;

        CaseEvents(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        Set<String> eventIdsOf(Set<String> caseIds) {
            Set<String> ids = new HashSet<>();
            try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.CASES_NAME).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                readAll(consumer, partitions, record -> {
                    if (caseIds.contains(record.key())) {
                        CloudEvent event = EventCodec.instance().read(record.value());
                        ids.add(event.id());
                    }
                });
            }
            return ids;
        }

        @Override
        public void close() {}
    }
}
