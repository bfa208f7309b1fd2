package taskforce.contracts.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiscalYearTest {

    @ParameterizedTest
    @CsvSource({"2026-09-30, 2026", "2026-10-01, 2027", "2026-11-24, 2027", "2027-01-01, 2027"})
    void isNamedAfterTheYearItEndsIn(LocalDate day, int year) {
        assertThat(FiscalYear.of(day).year()).isEqualTo(year);
    }

    @Test
    void turnsAtMidnightUtcOnTheFirstOfOctober() {
        assertThat(FiscalYear.containing(Instant.parse("2026-09-30T23:59:59Z"))).isEqualTo(new FiscalYear(2026));
        assertThat(FiscalYear.containing(Instant.parse("2026-10-01T00:00:00Z"))).isEqualTo(new FiscalYear(2027));
        assertThat(new FiscalYear(2027).startInstant()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(new FiscalYear(2027).endInstant()).isEqualTo(Instant.parse("2027-10-01T00:00:00Z"));
    }

    @Test
    void hasTheTwelveMonthsFromOctoberToSeptember() {
        assertThat(new FiscalYear(2027).months())
                .hasSize(12)
                .startsWith(YearMonth.of(2026, 10))
                .endsWith(YearMonth.of(2027, 9));
    }
}
