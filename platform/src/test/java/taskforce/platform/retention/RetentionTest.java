package taskforce.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.infra.TestStore;
import taskforce.platform.MutableClock;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.lease.Leases;

class RetentionTest {

    private static final Duration HOURLY = Duration.ofHours(1);

    private TestStore store;
    private MongoTemplate mongo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

    @BeforeEach
    void connect() {
        store = TestStore.connect();
        mongo = store.fresh("retention-test-" + UUID.randomUUID());
    }

    @AfterEach
    void disconnect() {
        mongo.getDb().drop();
        store.close();
    }

    private Retention retention(String owner) {
        return new Retention(mongo, new Leases(mongo, clock), clock, HOURLY, owner);
    }

    private CloudEvent event() {
        String caseId = UUID.randomUUID().toString();
        return EventCodec.instance()
                .wrap(
                        EventTypes.CASE_NOTE_ADDED,
                        "/retention-test",
                        caseId,
                        Instant.now(),
                        new CaseNoteAdded(caseId, "T-1", "tf", UUID.randomUUID().toString(), "x", "someone", null));
    }

    @Nested
    class ProcessedEventIds {

        @Test
        void areForgottenOnceTheirRetentionHasPassedAndNotBefore() {
            Retention retention = retention("instance-a");
            ProcessedEvents processed = new ProcessedEvents(mongo, clock, retention, Duration.ofDays(30));
            CloudEvent old = event();
            processed.markProcessed("consumer", old);
            clock.advance(Duration.ofDays(20));
            CloudEvent recent = event();
            processed.markProcessed("consumer", recent);

            clock.advance(Duration.ofDays(10).plusMinutes(1));
            long removed = retention.prune();

            assertThat(removed).isEqualTo(1);
            assertThat(processed.isProcessed("consumer", old.id())).isFalse();
            assertThat(processed.isProcessed("consumer", recent.id())).isTrue();
        }

        @Test
        void areDeclaredWithATtlIndexForARealMongoDb() {
            new ProcessedEvents(mongo, clock, retention("instance-a"), Duration.ofDays(30));

            assertThat(mongo.getCollection(ProcessedEvents.COLLECTION).listIndexes())
                    .anySatisfy(index -> {
                        assertThat(index.get("key", Document.class)).containsKey(ProcessedEvents.PROCESSED_AT);
                        assertThat(((Number) index.get("expireAfterSeconds")).longValue())
                                .isEqualTo(Duration.ofDays(30).toSeconds());
                    });
        }
    }

    @Nested
    class Pruning {

        @Test
        void runsOnOneInstanceAtATime() {
            Retention first = retention("instance-a");
            Retention second = retention("instance-b");
            first.expire("keys", "recordedAt", Duration.ofDays(1));
            second.expire("keys", "recordedAt", Duration.ofDays(1));
            Instant start = clock.instant();
            mongo.getCollection("keys").insertOne(new Document("_id", "k1").append("recordedAt", Date.from(start)));
            mongo.getCollection("keys")
                    .insertOne(new Document("_id", "k2").append("recordedAt", Date.from(start.plus(HOURLY))));

            clock.advance(Duration.ofDays(1).plusMinutes(30));
            assertThat(first.prune()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(45));
            assertThat(second.prune()).as("the first instance holds the lease").isZero();
            assertThat(mongo.getCollection("keys").countDocuments()).isEqualTo(1);

            clock.advance(HOURLY.multipliedBy(3));
            assertThat(second.prune()).as("the lease lapsed with its holder").isEqualTo(1);
        }

        @Test
        void resumesFromWhereTheLastRunStopped() {
            Retention retention = retention("instance-a");
            retention.expire("keys", "recordedAt", Duration.ofDays(1));
            mongo.getCollection("keys")
                    .insertOne(new Document("_id", "k1").append("recordedAt", Date.from(clock.instant())));
            clock.advance(Duration.ofDays(2));
            retention.prune();
            // a record dated before the last cut-off is outside every later range
            Leases leases = new Leases(mongo, clock);
            assertThat(leases.tryAcquire("prune:keys", "instance-a", HOURLY)
                            .orElseThrow()
                            .progress())
                    .contains(Date.from(clock.instant().minus(Duration.ofDays(1))));
        }
    }
}
