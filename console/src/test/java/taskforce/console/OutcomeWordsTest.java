package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutcomeWordsTest {

    @Nested
    class Seizures {

        @Test
        void countFirearmsAndVehicles() {
            assertThat(OutcomeWords.seizure("FIREARMS", new BigDecimal("3"), "EACH"))
                    .isEqualTo("3 firearms");
            assertThat(OutcomeWords.seizure("FIREARMS", BigDecimal.ONE, "EACH")).isEqualTo("1 firearm");
            assertThat(OutcomeWords.seizure("VEHICLES", new BigDecimal("2"), "EACH"))
                    .isEqualTo("2 vehicles");
        }

        @Test
        void sayCurrencyInDollarsWithCentsOnlyWhenThereAreSome() {
            assertThat(OutcomeWords.seizure("CURRENCY", new BigDecimal("371442.0"), "USD"))
                    .isEqualTo("$371,442");
            assertThat(OutcomeWords.seizure("CURRENCY", new BigDecimal("1250.5"), "USD"))
                    .isEqualTo("$1,250.50");
        }

        @Test
        void sayWeightsInKilogramsAndPounds() {
            assertThat(OutcomeWords.seizure("NARCOTICS", new BigDecimal("42.4"), "KG"))
                    .isEqualTo("42.4 kg (93.5 lb) narcotics");
            assertThat(OutcomeWords.seizure("NARCOTICS", new BigDecimal("10"), "LB"))
                    .isEqualTo("10 lb (4.5 kg) narcotics");
        }

        @Test
        void readTheCaseServicesJson() {
            assertThat(OutcomeWords.of(Map.of(
                            "type",
                            "SEIZURE",
                            "count",
                            1,
                            "seizure",
                            Map.of("category", "CURRENCY", "quantity", 371442.0, "unit", "USD"))))
                    .isEqualTo("$371,442");
        }
    }

    @Nested
    class CountedOutcomes {

        @Test
        void sayTheCountWithTheThingCounted() {
            assertThat(OutcomeWords.of(Map.of("type", "ARREST", "count", 3))).isEqualTo("3 arrests");
            assertThat(OutcomeWords.of(Map.of("type", "VICTIM_IDENTIFIED", "count", 1)))
                    .isEqualTo("1 victim identified");
            assertThat(OutcomeWords.of(Map.of("type", "REMOVAL", "count", 2))).isEqualTo("2 removals");
        }
    }
}
