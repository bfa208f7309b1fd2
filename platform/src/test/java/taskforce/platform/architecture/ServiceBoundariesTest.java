package taskforce.platform.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rules of {@link ServiceBoundaries} find what they are meant to find, and only that. */
class ServiceBoundariesTest {

    @Nested
    class TimeComesFromTheInjectedClock {

        @Test
        void findsEveryWayOfReadingTheSystemClockOutsideConfiguration() {
            EvaluationResult result = ServiceBoundaries.timeComesFromTheInjectedClock()
                    .evaluate(new ClassFileImporter().importClasses(ReadsTheSystemClock.class));

            assertThat(result.getFailureReport().getDetails())
                    .hasSize(7)
                    .anySatisfy(line -> assertThat(line).contains("Instant.now()"))
                    .anySatisfy(line -> assertThat(line).contains("LocalDate.now()"))
                    .anySatisfy(line -> assertThat(line).contains("Clock.systemUTC()"))
                    .anySatisfy(line -> assertThat(line).contains("System.currentTimeMillis()"))
                    .anySatisfy(line -> assertThat(line).contains("Date.<init>()"))
                    .anySatisfy(line -> assertThat(line).contains("references method <java.time.Clock.systemUTC()>"))
                    .anySatisfy(line -> assertThat(line).contains("references constructor <java.util.Date.<init>()>"));
        }

        @Test
        void letsTheConfigurationMakeTheClockAndEveryoneElseReadIt() {
            EvaluationResult result = ServiceBoundaries.timeComesFromTheInjectedClock()
                    .evaluate(new ClassFileImporter().importClasses(MakesTheClock.class, ReadsTheInjectedClock.class));

            assertThat(result.hasViolation())
                    .as(result.getFailureReport().toString())
                    .isFalse();
        }
    }

    static class ReadsTheSystemClock {
        Object[] times() {
            return new Object[] {
                Instant.now(), LocalDate.now(), Clock.systemUTC(), System.currentTimeMillis(), new Date()
            };
        }

        /** A method reference reads the clock as surely as a call, only later. */
        List<Supplier<?>> timesLater() {
            return List.of(Clock::systemUTC, Date::new);
        }
    }

    static class ReadsTheInjectedClock {
        private final Clock clock;

        ReadsTheInjectedClock(Clock clock) {
            this.clock = clock;
        }

        Object[] times() {
            return new Object[] {clock.instant(), Instant.now(clock), LocalDate.now(clock), new Date(0)};
        }
    }

    @Configuration
    static class MakesTheClock {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
