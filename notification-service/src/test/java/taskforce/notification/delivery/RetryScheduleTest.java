package taskforce.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofHours(1)));

    @Nested
    class WhileRetriesRemain {

        @Test
        void waitsLongerAfterEachFailure() {
            assertThat(schedule.delayAfter(1)).contains(Duration.ofSeconds(1));
            assertThat(schedule.delayAfter(2)).contains(Duration.ofSeconds(5));
            assertThat(schedule.delayAfter(3)).contains(Duration.ofSeconds(30));
            assertThat(schedule.delayAfter(4)).contains(Duration.ofMinutes(2));
            assertThat(schedule.delayAfter(5)).contains(Duration.ofMinutes(10));
            assertThat(schedule.delayAfter(6)).contains(Duration.ofHours(1));
        }
    }

    @Nested
    class WhenRetriesRunOut {

        @Test
        void givesUpAfterTheLastAttempt() {
            assertThat(schedule.maxAttempts()).isEqualTo(7);
            assertThat(schedule.delayAfter(7)).isEmpty();
        }

        @Test
        void givesUpAtOnceWithoutBackoff() {
            assertThat(new RetrySchedule(List.of()).delayAfter(1)).isEmpty();
        }
    }

    @Nested
    class AsConfigured {

        private final RetrySchedule providers = new RetrySchedule(
                List.of(
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(30),
                        Duration.ofHours(2),
                        Duration.ofHours(5),
                        Duration.ofHours(10),
                        Duration.ofHours(10)),
                0.2,
                3);

        @Test
        void triesForMoreThanADayBeforeGivingUp() {
            assertThat(providers.span()).isGreaterThan(Duration.ofHours(24));
        }

        @Test
        void spreadsEachWaitWithinTheJitterEitherWay() {
            RandomGenerator random = new java.util.Random(42);
            List<Duration> waits = java.util.stream.IntStream.range(0, 200)
                    .mapToObj(i -> providers.delayAfter(4, 503, random).orElseThrow())
                    .toList();
            assertThat(waits)
                    .allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofMinutes(96), Duration.ofMinutes(144)));
            assertThat(waits.stream().distinct().count()).as("not all the same").isGreaterThan(100);
        }

        @Test
        void retriesARefusalOfTheRequestAFewTimesOnly() {
            RandomGenerator random = new java.util.Random(7);
            assertThat(providers.delayAfter(3, 400, random)).isPresent();
            assertThat(providers.delayAfter(4, 400, random)).isEmpty();
            assertThat(providers.delayAfter(4, 404, random)).isEmpty();
        }

        @Test
        void retriesOverloadTimeoutsAndServerErrorsOnTheWholeSchedule() {
            RandomGenerator random = new java.util.Random(7);
            assertThat(providers.delayAfter(7, 429, random)).isPresent();
            assertThat(providers.delayAfter(7, 408, random)).isPresent();
            assertThat(providers.delayAfter(7, 503, random)).isPresent();
            assertThat(providers.delayAfter(7, null, random))
                    .as("no answer at all")
                    .isPresent();
            assertThat(providers.delayAfter(8, 503, random)).isEmpty();
        }
    }
}
