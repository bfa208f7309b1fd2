package taskforce.cases.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.infra.TestStore;
import taskforce.platform.refusal.TooManyRequests;

/** The day's allowance of registrations per member, against the store over the wire, on a clock of the test's. */
class RegistrationQuotaTest {

    private static final String DATABASE = "registration-quota-test";
    private static final Instant EVENING = Instant.parse("2026-12-02T23:00:00Z");

    private static TestStore store;
    private static MongoTemplate mongo;

    @BeforeAll
    static void connect() {
        store = TestStore.connect();
        mongo = store.fresh(DATABASE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static RegistrationQuota at(Instant now) {
        return new RegistrationQuota(mongo, 2, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Nested
    class WithinADay {

        @Test
        void allowsTheDaysRegistrationsThenRefusesWith429UntilMidnight() {
            String member = "member-" + UUID.randomUUID();
            RegistrationQuota quota = at(EVENING);
            quota.spend(member);
            quota.spend(member);

            assertThatThrownBy(() -> quota.spend(member)).isInstanceOfSatisfying(TooManyRequests.class, refused -> {
                assertThat(refused.retryAfter()).contains(Duration.ofHours(1));
            });
        }

        @Test
        void countsEveryInstanceAlikeAndEachMemberApart() {
            String member = "member-" + UUID.randomUUID();
            at(EVENING).spend(member);
            at(EVENING.plusSeconds(60)).spend(member);

            assertThatThrownBy(() -> at(EVENING.plusSeconds(120)).spend(member)).isInstanceOf(TooManyRequests.class);
            assertThatCode(() -> at(EVENING).spend("another-" + member)).doesNotThrowAnyException();
        }
    }

    @Nested
    class NextDay {

        @Test
        void startsAfreshAfterMidnightUtc() {
            String member = "member-" + UUID.randomUUID();
            at(EVENING).spend(member);
            at(EVENING).spend(member);

            RegistrationQuota tomorrow = at(EVENING.plusSeconds(3600));
            assertThatCode(() -> {
                        tomorrow.spend(member);
                        tomorrow.spend(member);
                    })
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> tomorrow.spend(member))
                    .as("a new day's allowance is spent like the last")
                    .isInstanceOf(TooManyRequests.class);
        }
    }
}
