package taskforce.cases.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseNumbersTest {

    @Nested
    class FiscalYear {

        @ParameterizedTest
        @CsvSource({"2026-11-24, 2027", "2026-10-01, 2027", "2026-09-30, 2026", "2027-01-01, 2027", "2099-12-31, 2100"})
        void runsFromOctoberToSeptemberNamedAfterTheYearItEndsIn(LocalDate day, int fiscalYear) {
            assertThat(CaseNumbers.fiscalYear(day)).isEqualTo(fiscalYear);
        }
    }

    @Nested
    class Numbers {

        @Test
        void combineProgramAreaFiscalYearAndASixDigitSequence() {
            String prefix = CaseNumbers.prefix("BEST", "Houston, TX", LocalDate.of(2026, 11, 24));
            assertThat(prefix).isEqualTo("BEST-HOU-FY27");
            assertThat(CaseNumbers.format(prefix, 1)).isEqualTo("BEST-HOU-FY27-000001");
            assertThat(CaseNumbers.format(prefix, 42)).isEqualTo("BEST-HOU-FY27-000042");
        }

        @Test
        void takeTheAreaFromTheFirstLettersOfTheCity() {
            assertThat(CaseNumbers.areaCode("Los Angeles, CA")).isEqualTo("LOS");
            assertThat(CaseNumbers.areaCode("St. Paul, MN")).isEqualTo("STP");
            assertThat(CaseNumbers.areaCode("Ely")).isEqualTo("ELY");
            assertThat(CaseNumbers.prefix("dbftf", "Miami, FL", LocalDate.of(2026, 3, 1)))
                    .isEqualTo("DBFTF-MIA-FY26");
        }
    }
}
