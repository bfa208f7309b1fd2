package taskforce.intake.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.infra.TestStore;
import taskforce.platform.refusal.TooManyRequests;

/**
 * The lead rate limit as two intake instances see it: two limiters on one store (mongo-java-server over the wire
 * protocol), so that an agency gets its limit once in all, not once per instance.
 */
class SubmissionRateLimitTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

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

    private final TestStore testStore = TestStore.connect();
    private final MongoTemplate store = testStore.fresh("rate-limit-" + UUID.randomUUID());
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:20Z"));
    private final RateLimiterRegistry registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
            .limitForPeriod(5)
            .limitRefreshPeriod(Duration.ofMinutes(1))
            .timeoutDuration(Duration.ZERO)
            .build());
    private final SubmissionRateLimit first = new SubmissionRateLimit(registry, store, clock);
    private final SubmissionRateLimit second = new SubmissionRateLimit(registry, store, clock);

    @AfterEach
    void close() {
        testStore.close();
    }

    @Nested
    class TwoInstancesOnOneStore {

        @Test
        void allowAnAgencyItsLimitOnceInAllAndRefuseTheNextWithRetryAfterUntilTheNextWindow() {
            first.acquire("houston-pd");
            second.acquire("houston-pd");
            first.acquire("houston-pd");
            second.acquire("houston-pd");
            first.acquire("houston-pd");

            assertThatThrownBy(() -> second.acquire("houston-pd"))
                    .isInstanceOfSatisfying(TooManyRequests.class, refused -> {
                        assertThat(refused.getMessage()).contains("houston-pd may submit 5 leads per 60 s");
                        assertThat(refused.retryAfter())
                                .as("the window ends at 10:01:00, 40 s from now")
                                .contains(Duration.ofSeconds(40));
                    });
            assertThatThrownBy(() -> first.acquire("houston-pd")).isInstanceOf(TooManyRequests.class);
        }

        @Test
        void countEachAgencyOnItsOwn() {
            for (int i = 0; i < 5; i++) {
                first.acquire("houston-pd");
            }

            second.acquire("dallas-pd");

            assertThatThrownBy(() -> second.acquire("houston-pd")).isInstanceOf(TooManyRequests.class);
        }

        @Test
        void allowTheAgencyAgainInTheNextWindow() {
            for (int i = 0; i < 5; i++) {
                (i % 2 == 0 ? first : second).acquire("houston-pd");
            }
            assertThatThrownBy(() -> first.acquire("houston-pd")).isInstanceOf(TooManyRequests.class);

            clock.advance(Duration.ofSeconds(40));

            second.acquire("houston-pd");
            first.acquire("houston-pd");
        }
    }
}
