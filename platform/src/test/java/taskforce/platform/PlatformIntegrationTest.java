package taskforce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.kafka.DeadLetterRedrive;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.OutboxRelay;

@SpringBootTest(
        classes = PlatformIntegrationTest.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.kafka.consumer.group-id=platform-test",
            // the test broker's layout: one broker
            "taskforce.kafka.topics.partitions=3",
            "taskforce.kafka.topics.replication-factor=1",
            "taskforce.kafka.topics.min-insync-replicas=1",
            "taskforce.kafka.retry.max-elapsed=600ms",
            "taskforce.outbox.sweep-interval=300ms"
        })
class PlatformIntegrationTest {

    record Note(String id, String text) {}

    @SpringBootApplication
    static class TestApplication {

        @Bean
        AggregateStore<Note> notes(MongoTemplate mongo, OutboxRelay relay) {
            return new AggregateStore<>(mongo, relay, Note.class, "notes", true);
        }

        @Bean
        FailingListener failingListener(ProcessedEvents processed) {
            return new FailingListener(processed);
        }
    }

    /** Processes note events once; a note whose text is "explode" fails every time. */
    static class FailingListener {
        final List<String> processed = new CopyOnWriteArrayList<>();
        volatile boolean bugFixed;
        final ProcessedEvents log;

        FailingListener(ProcessedEvents log) {
            this.log = log;
        }

        @KafkaListener(topics = Topics.CASES_NAME, groupId = "platform-test")
        void on(CloudEvent event) {
            CaseNoteAdded note = EventCodec.instance().payload(event, EventTypes.CASE_NOTE_ADDED);
            if ("explode".equals(note.text())) {
                throw new IllegalStateException("cannot process " + note.noteId());
            }
            if ("explode until fixed".equals(note.text()) && !bugFixed) {
                throw new IllegalStateException("a bug that is not fixed yet hits " + note.noteId());
            }
            log.runOnce("platform-test", event, () -> processed.add(note.noteId()));
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers",
                () -> SharedTestInfrastructure.kafka().bootstrapServers());
        registry.add(
                "spring.mongodb.uri", () -> SharedTestInfrastructure.mongo().uri("platform-test"));
    }

    @Autowired
    AggregateStore<Note> notes;

    @Autowired
    FailingListener listener;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    DeadLetterRedrive redrive;

    @Autowired
    MeterRegistry meters;

    KafkaConsumer<String, String> consumer;

    @BeforeEach
    void subscribe() {
        Properties props = new Properties();
        props.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedTestInfrastructure.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "observer-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.CASES_NAME, Topics.CASES.deadLetter()));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    private CloudEvent noteEvent(String caseId, String text) {
        return EventCodec.instance()
                .wrap(
                        EventTypes.CASE_NOTE_ADDED,
                        "/platform-test",
                        caseId,
                        new CaseNoteAdded(caseId, "T-1", "tf", UUID.randomUUID().toString(), text, "someone", null));
    }

    private List<ConsumerRecord<String, String>> recordsFor(String key, List<ConsumerRecord<String, String>> seen) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Nested
    class Outbox {

        @Test
        void relaysTheEventsOfAWriteInOrderKeyedByAggregateAndEmptiesTheOutbox() {
            String id = UUID.randomUUID().toString();
            CloudEvent first = noteEvent(id, "first");
            CloudEvent second = noteEvent(id, "second");
            notes.insert(id, new Note(id, "draft"), List.of(first));
            long version = notes.update(id, 1, new Note(id, "final"), List.of(second));

            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(recordsFor(id, seen))
                            .filteredOn(r -> r.topic().equals(Topics.CASES_NAME))
                            .extracting(
                                    r -> EventCodec.instance().read(r.value()).id())
                            .containsExactly(first.id(), second.id()));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(mongo.getCollection("notes")
                                    .find(new org.bson.Document("_id", id))
                                    .first()
                                    .getList(OutboxRelay.FIELD, Object.class))
                            .isEmpty());
            assertThat(version).isEqualTo(2);
            assertThat(notes.find(id)).get().satisfies(v -> {
                assertThat(v.value().text()).isEqualTo("final");
                assertThat(v.version()).isEqualTo(2);
            });
            assertThat(notes.history(id)).extracting(CloudEvent::id).containsExactly(first.id(), second.id());
        }

        @Test
        void relaysWhatACrashLeftInAnOutboxOnTheNextSweep() {
            // as a process that died between its write and the relay leaves it: stored, never flushed
            String id = UUID.randomUUID().toString();
            CloudEvent stranded = noteEvent(id, "stranded");
            org.bson.Document entry = new org.bson.Document();
            mongo.getConverter().write(taskforce.platform.outbox.OutboxEntry.of(stranded), entry);
            mongo.getCollection("notes")
                    .insertOne(new org.bson.Document("_id", id)
                            .append("text", "stranded")
                            .append(AggregateStore.VERSION, 1L)
                            .append(OutboxRelay.FIELD, List.of(entry)));

            // operators see it waiting on /actuator/prometheus until it is relayed
            io.micrometer.core.instrument.Gauge backlog = meters.get("taskforce.outbox.backlog")
                    .tag("collection", "notes")
                    .gauge();
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> backlog.value() >= 1);

            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(recordsFor(id, seen))
                            .extracting(
                                    r -> EventCodec.instance().read(r.value()).id())
                            .containsExactly(stranded.id()));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(mongo.getCollection("notes")
                                    .find(new org.bson.Document("_id", id))
                                    .first()
                                    .getList(OutboxRelay.FIELD, Object.class))
                            .isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> backlog.value() == 0);
        }

        @Test
        void refusesAnUpdateFromAStaleVersionAndKeepsItsEventsOut() {
            String id = UUID.randomUUID().toString();
            notes.insert(id, new Note(id, "v1"), List.of(noteEvent(id, "a")));
            notes.update(id, 1, new Note(id, "v2"), List.of());
            CloudEvent lost = noteEvent(id, "lost");

            assertThatThrownBy(() -> notes.update(id, 1, new Note(id, "stale"), List.of(lost)))
                    .isInstanceOf(OptimisticLockingFailureException.class);
            assertThat(notes.find(id).orElseThrow().value().text()).isEqualTo("v2");
            assertThat(notes.history(id)).extracting(CloudEvent::id).doesNotContain(lost.id());
        }

        @Test
        void refusesASecondAggregateWithTheSameId() {
            String id = UUID.randomUUID().toString();
            notes.insert(id, new Note(id, "one"), List.of());
            assertThatThrownBy(() -> notes.insert(id, new Note(id, "two"), List.of()))
                    .isInstanceOf(com.mongodb.MongoWriteException.class);
        }
    }

    @Nested
    class Consumers {

        @Test
        void skipAnEventTheyAlreadyProcessed() throws Exception {
            String caseId = UUID.randomUUID().toString();
            CloudEvent event = noteEvent(caseId, "once");
            String noteId = EventCodec.instance()
                    .payload(event, EventTypes.CASE_NOTE_ADDED)
                    .noteId();
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>(
                                Topics.CASES_NAME, caseId, EventCodec.instance().write(event)))
                        .get();
                producer.send(new ProducerRecord<>(
                                Topics.CASES_NAME, caseId, EventCodec.instance().write(event)))
                        .get();
                CloudEvent marker = noteEvent(caseId, "after");
                producer.send(new ProducerRecord<>(
                                Topics.CASES_NAME, caseId, EventCodec.instance().write(marker)))
                        .get();
                String markerId = EventCodec.instance()
                        .payload(marker, EventTypes.CASE_NOTE_ADDED)
                        .noteId();
                await().atMost(Duration.ofSeconds(15)).until(() -> listener.processed.contains(markerId));
            }
            assertThat(listener.processed).filteredOn(noteId::equals).hasSize(1);
        }

        @Test
        void sendPoisonAndFailingRecordsToTheDeadLetterTopicAndGoOn() throws Exception {
            String caseId = UUID.randomUUID().toString();
            CloudEvent failing = noteEvent(caseId, "explode");
            CloudEvent healthy = noteEvent(caseId, "fine");
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>(Topics.CASES_NAME, caseId, "this is not json"))
                        .get();
                producer.send(new ProducerRecord<>(
                                Topics.CASES_NAME, caseId, EventCodec.instance().write(failing)))
                        .get();
                producer.send(new ProducerRecord<>(
                                Topics.CASES_NAME, caseId, EventCodec.instance().write(healthy)))
                        .get();
            }
            String healthyNote = EventCodec.instance()
                    .payload(healthy, EventTypes.CASE_NOTE_ADDED)
                    .noteId();
            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<ConsumerRecord<String, String>> dead = recordsFor(caseId, seen).stream()
                        .filter(r -> r.topic().equals(Topics.CASES.deadLetter()))
                        .toList();
                assertThat(dead)
                        .extracting(ConsumerRecord::value)
                        .containsExactly(
                                "this is not json", EventCodec.instance().write(failing));
                assertThat(new String(
                                dead.get(1)
                                        .headers()
                                        .lastHeader("kafka_dlt-exception-message")
                                        .value(),
                                StandardCharsets.UTF_8))
                        .contains("cannot process");
                assertThat(listener.processed).contains(healthyNote);
            });
        }

        @Test
        void takeBackTheirDeadLettersOnceTheCauseIsFixedAndApplyEachOnlyOnce() throws Exception {
            String caseId = UUID.randomUUID().toString();
            CloudEvent hitByBug = noteEvent(caseId, "explode until fixed");
            String noteId = EventCodec.instance()
                    .payload(hitByBug, EventTypes.CASE_NOTE_ADDED)
                    .noteId();
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>(
                                Topics.CASES_NAME, caseId, EventCodec.instance().write(hitByBug)))
                        .get();
            }
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(redrive.pending(Topics.CASES, 1000))
                            .extracting(DeadLetterRedrive.DeadLetter::key)
                            .contains(caseId));
            assertThat(listener.processed).doesNotContain(noteId);

            listener.bugFixed = true;
            DeadLetterRedrive.Report report = redrive.redrive(Topics.CASES);

            assertThat(report.keys()).contains(caseId);
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.processed.contains(noteId));
            assertThat(redrive.pending(Topics.CASES, 1000))
                    .extracting(DeadLetterRedrive.DeadLetter::key)
                    .as("a re-driven record is not offered again")
                    .doesNotContain(caseId);
            assertThat(redrive.redrive(Topics.CASES).keys()).doesNotContain(caseId);
            assertThat(listener.processed).filteredOn(noteId::equals).hasSize(1);
        }

        private KafkaProducer<String, String> producer() {
            return new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            SharedTestInfrastructure.kafka().bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer());
        }
    }
}
