package taskforce.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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
}
