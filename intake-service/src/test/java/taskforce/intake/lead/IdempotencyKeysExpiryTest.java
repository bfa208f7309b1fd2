package taskforce.intake.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.infra.TestStore;
import taskforce.platform.lease.Leases;
import taskforce.platform.retention.Retention;

class IdempotencyKeysExpiryTest {

    /** A clock the test moves by hand. */
    static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final MovingClock clock = new MovingClock();
    private TestStore store;
    private MongoTemplate mongo;
    private Retention retention;
    private IdempotencyKeys keys;

    @BeforeEach
    void connect() {
        store = TestStore.connect();
        mongo = store.fresh("idempotency-expiry-" + UUID.randomUUID());
        retention = new Retention(mongo, new Leases(mongo, clock), clock, Duration.ofHours(1), "instance-a");
        keys = new IdempotencyKeys(mongo, retention, Duration.ofDays(7), new DuplicateAnswerKeys(mongo));
    }

    @AfterEach
    void disconnect() {
        mongo.getDb().drop();
        store.close();
    }

    @Nested
    class AnIdempotencyKey {

        @Test
        void isHonouredThroughoutItsRetention() {
            keys.record("houston-pd", "key-1", "hash", new SubmissionAnswer(202, "lead-1", "{}"), clock.instant());
            clock.advance(Duration.ofDays(6));

            retention.prune();

            assertThat(keys.find("houston-pd", "key-1"))
                    .get()
                    .extracting(recorded -> recorded.answer().leadId())
                    .isEqualTo("lead-1");
        }

        @Test
        void isForgottenOnceItsRetentionHasPassed() {
            keys.record("houston-pd", "key-1", "hash", new SubmissionAnswer(202, "lead-1", "{}"), clock.instant());
            clock.advance(Duration.ofDays(1));
            keys.record("houston-pd", "key-2", "hash", new SubmissionAnswer(202, "lead-2", "{}"), clock.instant());
            clock.advance(Duration.ofDays(6).plusMinutes(1));

            retention.prune();

            assertThat(keys.find("houston-pd", "key-1")).isEmpty();
            assertThat(keys.find("houston-pd", "key-2")).isPresent();
        }
    }
}
