package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TimeInWordsTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:30:00Z");
    static final ZoneId HOUSTON = ZoneId.of("America/Chicago");

    final TimeInWords inHouston = new TimeInWords(Clock.fixed(NOW, ZoneOffset.UTC), HOUSTON);
    final TimeInWords inUtc = new TimeInWords(Clock.fixed(NOW, ZoneOffset.UTC), TimeInWords.UTC);

    @Nested
    class CloseToNow {

        @Test
        void saysHowLongAgoWithinHalfADay() {
            assertThat(inHouston.words("2026-12-02T10:29:40Z")).isEqualTo("just now");
            assertThat(inHouston.words("2026-12-02T10:18:00Z")).isEqualTo("12 minutes ago");
            assertThat(inHouston.words("2026-12-02T10:29:00Z")).isEqualTo("1 minute ago");
            assertThat(inHouston.words("2026-12-02T07:29:59.187003522Z")).isEqualTo("3 hours ago");
        }

        @Test
        void saysHowSoonForWhatIsAhead() {
            assertThat(inHouston.words("2026-12-02T12:30:00Z")).isEqualTo("in 2 hours");
        }
    }

    @Nested
    class FurtherOff {

        @Test
        void namesTheDayAndTimeInTheReadersZone() {
            assertThat(inHouston.words("2026-12-01T10:00:00Z")).isEqualTo("yesterday, 04:00 CST");
            assertThat(inHouston.words("2026-11-24T15:05:00Z")).isEqualTo("Tue 24 Nov, 09:05 CST");
            assertThat(inUtc.words("2026-11-24T15:05:00Z")).isEqualTo("Tue 24 Nov, 15:05 UTC");
        }

        @Test
        void namesTheYearOnlyWhenItIsAnotherYear() {
            assertThat(inHouston.words("2025-07-04T17:00:00Z")).isEqualTo("Fri 4 Jul 2025, 12:00 CDT");
        }
    }

    @Nested
    class Windows {

        @Test
        void saysAWindowWithinADayAsOneDayAndTwoTimes() {
            assertThat(inHouston.window("2026-12-01T10:00:00Z", "2026-12-01T13:00:00Z"))
                    .isEqualTo("Tue 1 Dec, 04:00–07:00 CST");
        }

        @Test
        void saysAWindowAcrossMidnightWithBothDays() {
            assertThat(inHouston.window("2026-12-03T04:00:00Z", "2026-12-03T09:00:00Z"))
                    .isEqualTo("Wed 2 Dec, 22:00 – Thu 3 Dec, 03:00 CST");
        }
    }

    @Nested
    class Durations {

        @Test
        void saysDurationsInWords() {
            assertThat(TimeInWords.duration(Duration.ofMinutes(45))).isEqualTo("45 minutes");
            assertThat(TimeInWords.duration(Duration.ofMinutes(200))).isEqualTo("3 hours 20 minutes");
            assertThat(TimeInWords.duration(Duration.ofHours(52).plusMinutes(13)))
                    .isEqualTo("2 days 4 hours");
            assertThat(TimeInWords.duration(Duration.ofSeconds(20))).isEqualTo("less than a minute");
            assertThat(inHouston.duration("2026-12-01T10:00:00Z", "2026-12-01T13:00:00Z"))
                    .isEqualTo("3 hours");
        }
    }

    @Nested
    class ExactInstants {

        @Test
        void givesTheExactInstantInTheReadersZoneAndInUtcForTheTooltip() {
            assertThat(inHouston.exact("2026-12-02T04:08:27.187003522Z"))
                    .isEqualTo("Tuesday 1 December 2026, 22:08:27 CST (2026-12-02T04:08:27Z)");
            assertThat(inHouston.iso("2026-12-02T04:08:27.187003522Z")).isEqualTo("2026-12-02T04:08:27Z");
        }

        @Test
        void showsNothingForWhatIsNotAnInstant() {
            assertThat(inHouston.words("yesterday")).isEmpty();
            assertThat(inHouston.words(null)).isEmpty();
            assertThat(inHouston.exact("")).isEmpty();
        }
    }

    @Nested
    class Zones {

        @Test
        void takesTheZoneTheBrowserNamesAndUtcForNonsense() {
            assertThat(TimeInWords.zoneNamed("America/Chicago")).isEqualTo(HOUSTON);
            assertThat(TimeInWords.zoneNamed("Mars/Olympus")).isEqualTo(TimeInWords.UTC);
            assertThat(TimeInWords.zoneNamed(null)).isEqualTo(TimeInWords.UTC);
        }
    }
}
