package taskforce.cases.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CaseNumbersTest {

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
