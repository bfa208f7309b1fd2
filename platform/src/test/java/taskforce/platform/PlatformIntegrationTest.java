package taskforce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.infra.CommandRecorder;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.kafka.DeadLetterRedrive;
import taskforce.platform.lease.Leases;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.OutboxRelay;
import taskforce.platform.outbox.PendingMarkers;
import taskforce.platform.refusal.Conflict;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

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
            "taskforce.outbox.sweep-interval=300ms",
            "taskforce.outbox.abandon-after=1s"
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
        AggregateStore<Note> ledgers(MongoTemplate mongo, OutboxRelay relay) {
            return new AggregateStore<>(mongo, relay, Note.class, "ledgers", true);
        }

        @Bean
        FailingListener failingListener(ProcessedEvents processed) {
            return new FailingListener(processed);
        }

        @Bean
        CommandRecorder commandRecorder() {
            return new CommandRecorder();
        }

        @Bean
        MongoClientSettingsBuilderCustomizer recordCommands(CommandRecorder recorder) {
            return settings -> settings.addCommandListener(recorder);
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
    org.springframework.boot.kafka.autoconfigure.KafkaProperties kafkaProperties;

    @Autowired
    MeterRegistry meters;

    @Autowired
    OutboxRelay relay;

    @Autowired
    AggregateStore<Note> ledgers;

    @Autowired
    CommandRecorder commands;

    @Autowired
    AuditTrail audit;

    @Autowired
    KafkaTemplate<String, String> kafka;

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
                        Instant.now(),
                        new CaseNoteAdded(caseId, "T-1", "tf", UUID.randomUUID().toString(), text, "someone", null));
    }

    private com.mongodb.client.MongoCollection<org.bson.Document> markers() {
        return mongo.getCollection(PendingMarkers.COLLECTION);
    }

    /**
     * Leaves the aggregate as a process that died right after its write leaves it: marked, stored, unrelayed, the
     * lease its relay took at the mark lapsed.
     */
    private void strand(String collection, String id, CloudEvent... events) {
        long stamp = new PendingMarkers(mongo, java.time.Clock.systemUTC())
                .mark(collection, id, "a-relay-that-died", Duration.ZERO);
        List<org.bson.Document> entries = new java.util.ArrayList<>();
        for (CloudEvent event : events) {
            org.bson.Document entry = new org.bson.Document();
            mongo.getConverter().write(taskforce.platform.outbox.OutboxEntry.of(event), entry);
            entry.remove("_class");
            entries.add(entry);
        }
        mongo.getCollection(collection)
                .insertOne(new org.bson.Document("_id", id)
                        .append("text", "stranded")
                        .append(AggregateStore.VERSION, 1L)
                        .append(AggregateStore.RELAYED, 0L)
                        .append(AggregateStore.OUTBOX_STAMP, stamp)
                        .append(OutboxRelay.FIELD, entries));
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
        void relaysAWriteFromWhatTheWriteHandedOverWithoutReadingItsMarkerOrOutboxBack() {
            String id = UUID.randomUUID().toString();
            commands.clear();
            notes.insert(id, new Note(id, "draft"), List.of(noteEvent(id, "handed over")));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> markers()
                                    .find(new org.bson.Document("_id", "notes|" + id))
                                    .first()
                            == null);
            notes.update(id, 1, new Note(id, "final"), List.of(noteEvent(id, "handed over again")));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> markers()
                                    .find(new org.bson.Document("_id", "notes|" + id))
                                    .first()
                            == null);

            List<CommandRecorder.Sent> readsBack = commands.sent().stream()
                    .filter(sent -> sent.thread().startsWith("outbox-relay"))
                    .filter(sent -> sent.command().equals("find"))
                    .filter(sent -> sent.document() != null
                            && java.util.Set.of(id, "notes|" + id)
                                    .contains(String.valueOf(sent.document()
                                            .getDocument("filter", new org.bson.BsonDocument())
                                            .get("_id", new org.bson.BsonString(""))
                                            .asString()
                                            .getValue())))
                    .toList();
            assertThat(readsBack)
                    .as("the relay's reads of the aggregate and its marker")
                    .isEmpty();
            assertThat(notes.history(id)).extracting(CloudEvent::subject).hasSize(2);
        }

        @Test
        void relaysWhatACrashLeftInAnOutboxOnTheNextSweep() {
            // as a process that died between its write and the relay leaves it: marked, stored, never flushed
            String id = UUID.randomUUID().toString();
            CloudEvent stranded = noteEvent(id, "stranded");
            strand("notes", id, stranded);

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
        void removesTheMarkerACrashLeftBeforeItsWriteAndRelaysNothing() {
            // a process that died between marking the aggregate pending and writing it
            String id = UUID.randomUUID().toString();
            relay.markPending("notes", id);
            assertThat(markers()
                            .find(new org.bson.Document("_id", "notes|" + id))
                            .first())
                    .isNotNull();

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> markers()
                                    .find(new org.bson.Document("_id", "notes|" + id))
                                    .first()
                            == null);
            assertThat(mongo.getCollection("notes")
                            .find(new org.bson.Document("_id", id))
                            .first())
                    .isNull();
        }

        @Test
        void keepsTheOrderOfOneAggregatesEventsAcrossManyWrites() {
            String id = UUID.randomUUID().toString();
            List<String> written = new java.util.ArrayList<>();
            CloudEvent opening = noteEvent(id, "0");
            notes.insert(id, new Note(id, "0"), List.of(opening));
            written.add(opening.id());
            for (int write = 1; write <= 40; write++) {
                CloudEvent a = noteEvent(id, write + "a");
                CloudEvent b = noteEvent(id, write + "b");
                notes.update(id, write, new Note(id, "" + write), List.of(a, b));
                written.add(a.id());
                written.add(b.id());
            }

            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(recordsFor(id, seen))
                            .filteredOn(r -> r.topic().equals(Topics.CASES_NAME))
                            .extracting(
                                    r -> EventCodec.instance().read(r.value()).id())
                            .containsExactlyElementsOf(written));
            assertThat(notes.history(id)).extracting(CloudEvent::id).containsExactlyElementsOf(written);
        }

        @Test
        void findsPendingWorkByItsMarkersAndLeavesNoneOnceRelayed() {
            String id = UUID.randomUUID().toString();
            notes.insert(id, new Note(id, "marked"), List.of(noteEvent(id, "marked")));

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> markers()
                                    .find(new org.bson.Document("_id", "notes|" + id))
                                    .first()
                            == null);
            assertThat(mongo.getCollection("notes")
                            .find(new org.bson.Document("_id", id))
                            .first()
                            .getList(OutboxRelay.FIELD, Object.class))
                    .isEmpty();
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

        @Test
        void removesAFieldTheAggregateNoLongerHasAndKeepsItsOutboxAndVersion() {
            String id = UUID.randomUUID().toString();
            notes.insert(id, new Note(id, "to be cleared"), List.of(noteEvent(id, "a")));

            long version = notes.update(id, 1, new Note(id, null), List.of(noteEvent(id, "b")));

            org.bson.Document stored = mongo.getCollection("notes")
                    .find(new org.bson.Document("_id", id))
                    .first();
            assertThat(stored).doesNotContainKey("text");
            assertThat(stored.getLong(AggregateStore.VERSION)).isEqualTo(version);
            assertThat(notes.find(id).orElseThrow().value().text()).isNull();
            // only the aggregate's own fields are unset: the outbox and history the store keeps beside them stay
            assertThat(notes.history(id)).hasSize(2);
        }
    }

    @Nested
    class SeveralRelays {

        @Test
        void relayEachEventOnceWhenTwoWorkTheSameAggregatesAtOnce() throws Exception {
            OutboxRelay first = new OutboxRelay(mongo, kafka, Duration.ofHours(1), meters, java.time.Clock.systemUTC());
            OutboxRelay second =
                    new OutboxRelay(mongo, kafka, Duration.ofHours(1), meters, java.time.Clock.systemUTC());
            first.register("shared_ledger");
            second.register("shared_ledger");
            List<String> ids = new java.util.ArrayList<>();
            List<String> eventIds = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = UUID.randomUUID().toString();
                CloudEvent a = noteEvent(id, "a");
                CloudEvent b = noteEvent(id, "b");
                strand("shared_ledger", id, a, b);
                ids.add(id);
                eventIds.add(a.id());
                eventIds.add(b.id());
            }

            java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var one = both.submit(() -> ids.forEach(id -> first.relayNow("shared_ledger", id)));
                var other = both.submit(() -> ids.forEach(id -> second.relayNow("shared_ledger", id)));
                one.get(60, java.util.concurrent.TimeUnit.SECONDS);
                other.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                both.shutdownNow();
            }

            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen.stream()
                                .filter(r -> r.topic().equals(Topics.CASES_NAME) && ids.contains(r.key()))
                                .map(r -> EventCodec.instance().read(r.value()).id()))
                        .containsExactlyInAnyOrderElementsOf(eventIds);
            });
            for (String id : ids) {
                assertThat(markers()
                                .find(new org.bson.Document("_id", "shared_ledger|" + id))
                                .first())
                        .isNull();
            }
        }

        @Test
        void leaveAnAggregateToTheRelayThatHoldsItsLease() {
            OutboxRelay holder =
                    new OutboxRelay(mongo, kafka, Duration.ofHours(1), meters, java.time.Clock.systemUTC());
            OutboxRelay other = new OutboxRelay(mongo, kafka, Duration.ofHours(1), meters, java.time.Clock.systemUTC());
            holder.register("shared_ledger");
            other.register("shared_ledger");
            String id = UUID.randomUUID().toString();
            strand("shared_ledger", id, noteEvent(id, "held"));
            PendingMarkers markers = new PendingMarkers(mongo, java.time.Clock.systemUTC());
            assertThat(markers.claim(markers.find("shared_ledger", id), holder.relayId(), Duration.ofMinutes(1)))
                    .isNotNull();

            other.relayNow("shared_ledger", id);

            assertThat(mongo.getCollection("shared_ledger")
                            .find(new org.bson.Document("_id", id))
                            .first()
                            .getList(OutboxRelay.FIELD, Object.class))
                    .as("the other relay sent nothing")
                    .hasSize(1);
            holder.relayNow("shared_ledger", id);
            assertThat(mongo.getCollection("shared_ledger")
                            .find(new org.bson.Document("_id", id))
                            .first()
                            .getList(OutboxRelay.FIELD, Object.class))
                    .isEmpty();
            assertThat(markers.find("shared_ledger", id)).isNull();
        }
    }

    @Nested
    class Audit {

        private final Caller officer = new Caller(
                "garza", java.util.Set.of(Role.MEMBER), "houston-pd", "hpd-officer-garza", List.of(), "10.0.0.1");

        @Test
        void recordsAReadWithOneWriteOnTheRequestPathAndPublishesItOffIt() {
            String objectId = UUID.randomUUID().toString();
            commands.clear();

            audit.allowed(officer, "note.read", "note", objectId);

            assertThat(commands.sentBy(Thread.currentThread()))
                    .extracting(CommandRecorder.Sent::command, CommandRecorder.Sent::collection)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("insert", AuditTrail.PENDING));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> mongo.getCollection(AuditTrail.COLLECTION)
                                            .countDocuments(new org.bson.Document("objectId", objectId))
                                    == 1
                            && mongo.getCollection(AuditTrail.PENDING)
                                            .countDocuments(new org.bson.Document("objectId", objectId))
                                    == 0);
        }

        @Test
        void copiesAndPublishesRecordsAsTheyWereInsertedWithoutReadingThemBack() {
            List<String> objectIds = java.util.stream.IntStream.range(0, 5)
                    .mapToObj(i -> UUID.randomUUID().toString())
                    .toList();
            commands.clear();

            objectIds.forEach(objectId -> audit.allowed(officer, "note.read", "note", objectId));

            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(objectIds)
                            .allSatisfy(objectId -> assertThat(mongo.getCollection(AuditTrail.COLLECTION)
                                            .countDocuments(new org.bson.Document("objectId", objectId)))
                                    .isEqualTo(1)));
            assertThat(commands.sent())
                    .as("the audit lane's reads of pending records by id")
                    .filteredOn(sent -> sent.thread().equals("audit-relay")
                            && sent.command().equals("find")
                            && sent.document() != null
                            && sent.document()
                                    .getDocument("filter", new org.bson.BsonDocument())
                                    .containsKey("_id"))
                    .isEmpty();
        }

        @Test
        void recordsEveryObjectOfAListReadWithOneWriteOnTheRequestPath() {
            List<String> objectIds = java.util.stream.IntStream.range(0, 200)
                    .mapToObj(i -> UUID.randomUUID().toString())
                    .toList();
            commands.clear();

            audit.allowedEach(officer, "case.read", "case", objectIds);

            assertThat(commands.sentBy(Thread.currentThread()))
                    .extracting(CommandRecorder.Sent::command, CommandRecorder.Sent::collection)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("insert", AuditTrail.PENDING));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(objectIds)
                            .allSatisfy(objectId -> assertThat(mongo.getCollection(AuditTrail.COLLECTION)
                                            .countDocuments(new org.bson.Document("objectId", objectId)
                                                    .append("action", "case.read")))
                                    .as("the record of %s", objectId)
                                    .isEqualTo(1)));
        }

        @Test
        void neverMakesBusinessEventsWaitBehindAnAuditBacklog() {
            // as a burst of reads leaves it: ten thousand records for the audit lane, which takes 500 a sweep
            java.time.Instant before = java.time.Instant.now().minusSeconds(60);
            List<org.bson.Document> backlog = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String auditId = UUID.randomUUID().toString();
                CloudEvent event = EventCodec.instance()
                        .wrap(
                                EventTypes.ACCESS_RECORDED,
                                auditId,
                                "/platform-test",
                                "burst",
                                before,
                                new taskforce.contracts.audit.AccessRecorded(
                                        auditId,
                                        "platform-test",
                                        "garza",
                                        "garza",
                                        "houston-pd",
                                        List.of("MEMBER"),
                                        "note.read",
                                        "note",
                                        "burst",
                                        taskforce.contracts.audit.AuditOutcome.ALLOWED,
                                        null,
                                        "10.0.0.1",
                                        before));
                var entry = taskforce.platform.outbox.OutboxEntry.of(event);
                backlog.add(new org.bson.Document("_id", auditId)
                        .append("objectId", "burst")
                        .append("occurredAt", java.util.Date.from(before))
                        .append("topic", entry.topic())
                        .append("key", entry.key())
                        .append("event", entry.event()));
            }
            mongo.getCollection(AuditTrail.PENDING).insertMany(backlog);

            String id = UUID.randomUUID().toString();
            CloudEvent business = noteEvent(id, "while audit waits");
            notes.insert(id, new Note(id, "while audit waits"), List.of(business));

            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(recordsFor(id, seen)).isNotEmpty());
            assertThat(mongo.getCollection(AuditTrail.PENDING)
                            .countDocuments(new org.bson.Document("objectId", "burst")))
                    .as("the business event went out while the audit backlog still waited")
                    .isPositive();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> mongo.getCollection(AuditTrail.PENDING)
                                    .countDocuments(new org.bson.Document("objectId", "burst"))
                            == 0);
        }
    }

    @Nested
    class History {

        @Test
        void writesTheTenThousandthEventOfAnAggregateAsCheaplyAsTheFirst() {
            java.time.Instant at = java.time.Instant.parse("2026-11-20T18:30:00Z");
            String fresh = UUID.randomUUID().toString();
            String longLived = UUID.randomUUID().toString();
            ledgers.insert(fresh, new Note(fresh, "same"), hundredEvents(fresh, at));
            ledgers.insert(longLived, new Note(longLived, "same"), hundredEvents(longLived, at));
            for (int version = 1; version < 99; version++) {
                ledgers.update(longLived, version, new Note(longLived, "same"), hundredEvents(longLived, at));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> relayed(longLived) == 9_900 && relayed(fresh) == 100);
            int freshBefore = documentBytes(fresh);
            int longBefore = documentBytes(longLived);

            commands.clear();
            ledgers.update(fresh, 1, new Note(fresh, "same"), hundredEvents(fresh, at));
            int freshWrite = updateBytes(fresh);
            commands.clear();
            ledgers.update(longLived, 99, new Note(longLived, "same"), hundredEvents(longLived, at));
            int tenThousandthWrite = updateBytes(longLived);

            assertThat(tenThousandthWrite).isEqualTo(freshWrite);
            assertThat(longBefore)
                    .as("the document does not grow with its history")
                    .isEqualTo(freshBefore);
            await().atMost(Duration.ofSeconds(60)).until(() -> relayed(longLived) == 10_000);
            assertThat(documentBytes(longLived)).isEqualTo(longBefore);
            List<CloudEvent> history = ledgers.history(longLived);
            assertThat(history).hasSize(10_000);
            assertThat(history.stream()
                            .map(event -> EventCodec.instance()
                                    .payload(event, EventTypes.ACCESS_RECORDED)
                                    .action()))
                    .startsWith("e0", "e1", "e2")
                    .endsWith("e97", "e98", "e99");
            assertThat(ledgers.history(longLived, 9_990, 20).stream()
                            .map(event -> EventCodec.instance()
                                    .payload(event, EventTypes.ACCESS_RECORDED)
                                    .action()))
                    .containsExactly("e90", "e91", "e92", "e93", "e94", "e95", "e96", "e97", "e98", "e99");
            assertThat(mongo.getCollection("ledgers_events")
                            .countDocuments(new org.bson.Document("aggregateId", longLived)))
                    .isEqualTo(10_000 / taskforce.platform.outbox.EventHistory.BUCKET_SIZE);
        }

        private List<CloudEvent> hundredEvents(String aggregateId, java.time.Instant at) {
            List<CloudEvent> events = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String auditId = UUID.randomUUID().toString();
                events.add(EventCodec.instance()
                        .wrap(
                                EventTypes.ACCESS_RECORDED,
                                auditId,
                                "/platform-test",
                                aggregateId,
                                at,
                                new taskforce.contracts.audit.AccessRecorded(
                                        auditId,
                                        "platform-test",
                                        "garza",
                                        "garza",
                                        "houston-pd",
                                        List.of("MEMBER"),
                                        String.format("e%d", i),
                                        "note",
                                        aggregateId,
                                        taskforce.contracts.audit.AuditOutcome.ALLOWED,
                                        null,
                                        "10.0.0.1",
                                        at)));
            }
            return events;
        }

        private long relayed(String id) {
            org.bson.Document doc = mongo.getCollection("ledgers")
                    .find(new org.bson.Document("_id", id))
                    .first();
            return ((Number) doc.get(AggregateStore.RELAYED)).longValue();
        }

        private int documentBytes(String id) {
            return mongo.getDb()
                    .getCollection("ledgers", org.bson.RawBsonDocument.class)
                    .find(new org.bson.Document("_id", id))
                    .first()
                    .getByteBuffer()
                    .remaining();
        }

        private int updateBytes(String id) {
            return commands.sentBy(Thread.currentThread()).stream()
                    .filter(sent -> sent.collection().equals("ledgers"))
                    .mapToInt(CommandRecorder.Sent::bytes)
                    .sum();
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

        /**
         * Two instances asked to re-drive one topic at the same moment: one holds the topic's lease and sends,
         * the other is refused (or, coming after, finds nothing left), so each record goes back once.
         */
        @Test
        void sendEachDeadLetterBackOnceWhenTwoInstancesAreAskedAtOnce() throws Exception {
            List<String> caseIds = List.of(
                    UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
            try (KafkaProducer<String, String> producer = producer()) {
                for (String caseId : caseIds) {
                    producer.send(new ProducerRecord<>(
                                    Topics.CASES_NAME,
                                    caseId,
                                    EventCodec.instance().write(noteEvent(caseId, "explode"))))
                            .get();
                }
            }
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(redrive.pending(Topics.CASES, 1000))
                            .extracting(DeadLetterRedrive.DeadLetter::key)
                            .containsAll(caseIds));
            DeadLetterRedrive otherInstance =
                    new DeadLetterRedrive(kafkaProperties, new Leases(mongo, java.time.Clock.systemUTC()), "other");
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<List<String>>> answers = new java.util.ArrayList<>();
            try {
                for (DeadLetterRedrive instance : List.of(redrive, otherInstance)) {
                    answers.add(both.submit(() -> {
                        together.await();
                        try {
                            return instance.redrive(Topics.CASES).keys();
                        } catch (Conflict refused) {
                            return List.<String>of();
                        }
                    }));
                }
                List<String> sentBack = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<List<String>> answer : answers) {
                    sentBack.addAll(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(sentBack).filteredOn(caseIds::contains).hasSameSizeAs(caseIds);
            } finally {
                both.shutdownNow();
            }

            List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (String caseId : caseIds) {
                    // each went to the dead-letter topic once, came back once, and failed into it once more
                    assertThat(recordsFor(caseId, seen))
                            .extracting(ConsumerRecord::topic)
                            .containsExactlyInAnyOrder(
                                    Topics.CASES_NAME,
                                    Topics.CASES_NAME,
                                    Topics.CASES.deadLetter(),
                                    Topics.CASES.deadLetter());
                }
            });
            assertThat(seen)
                    .filteredOn(record -> caseIds.contains(record.key()))
                    .filteredOn(record -> record.topic().equals(Topics.CASES_NAME))
                    .filteredOn(record -> record.headers().lastHeader("taskforce-redriven-from") != null)
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrderElementsOf(caseIds);
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
