package taskforce.cases.triage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import taskforce.contracts.lead.IdentifierType;

class IdentifierNormalizerTest {

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer();

    @Nested
    class Phones {

        @ParameterizedTest
        @ValueSource(strings = {"(713) 555-0100", "+1 713-555-0100", "713.555.0100", " 7135550100 ", "1-713-555-0100"})
        void writesUsNumbersInE164WhateverTheirFormat(String written) {
            assertThat(normalizer.normalize(IdentifierType.PHONE, written)).isEqualTo("+17135550100");
        }

        @Test
        void keepsTheCountryCodeOfInternationalNumbers() {
            assertThat(normalizer.normalize(IdentifierType.PHONE, "+52 55 1234 5678"))
                    .isEqualTo("+525512345678");
        }

        @Test
        void keepsOnlyTheDigitsOfAnUnparseableNumber() {
            assertThat(normalizer.normalize(IdentifierType.PHONE, "ext. 12-34")).isEqualTo("1234");
        }
    }

    @Nested
    class Others {

        @Test
        void trimsAndLowerCasesEmail() {
            assertThat(normalizer.normalize(IdentifierType.EMAIL, "  Juan.Perez@Example.COM "))
                    .isEqualTo("juan.perez@example.com");
        }

        @Test
        void keepsOnlyUpperCaseLettersAndDigitsOfPlatesAndVins() {
            assertThat(normalizer.normalize(IdentifierType.VEHICLE_PLATE, "tx abc-1234"))
                    .isEqualTo("TXABC1234");
            assertThat(normalizer.normalize(IdentifierType.VIN, "1hg cm8263-3a004352"))
                    .isEqualTo("1HGCM82633A004352");
        }

        @Test
        void lowerCasesAndCollapsesWhitespaceOfEverythingElse() {
            assertThat(normalizer.normalize(IdentifierType.ADDRESS, "  1200  Main   St\tHouston "))
                    .isEqualTo("1200 main st houston");
            assertThat(normalizer.normalize(IdentifierType.SOCIAL_HANDLE, "@El_Primo"))
                    .isEqualTo("@el_primo");
        }
    }
}
