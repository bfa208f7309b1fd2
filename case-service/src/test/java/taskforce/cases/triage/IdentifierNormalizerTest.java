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

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "+44 20 7946 0123",
                    "+44 (0)20 7946 0123",
                    "0044 20 7946 0123",
                    "011 44 20 7946 0123",
                    "+442079460123"
                })
        void readsTheInternationalPrefixesOfEuropeAndOfTheUs(String written) {
            assertThat(normalizer.normalize(IdentifierType.PHONE, written)).isEqualTo("+442079460123");
        }

        @ParameterizedTest
        @ValueSource(strings = {"tel:+1-713-555-0100", "713-555-0100 ext. 12", "(713) 555-0100 x12"})
        void readsTelUrisAndDropsExtensions(String written) {
            assertThat(normalizer.normalize(IdentifierType.PHONE, written)).isEqualTo("+17135550100");
        }

        @Test
        void readsAUsNumberDialledFromAbroad() {
            assertThat(normalizer.normalize(IdentifierType.PHONE, "001 713 555 0100"))
                    .isEqualTo("+17135550100");
        }

        @Test
        void keepsOnlyTheDigitsOfAnUnparseableNumber() {
            assertThat(normalizer.normalize(IdentifierType.PHONE, "ext. 12-34")).isEqualTo("1234");
        }
    }

    @Nested
    class Emails {

        @Test
        void areLowerCaseWithAnAsciiDomain() {
            assertThat(normalizer.normalize(IdentifierType.EMAIL, "  Juan.Perez@Example.COM "))
                    .isEqualTo("juan.perez@example.com");
            assertThat(normalizer.normalize(IdentifierType.EMAIL, "juan@bücher.example"))
                    .isEqualTo("juan@xn--bcher-kva.example");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "juan.perez@gmail.com",
                    "JuanPerez@gmail.com",
                    "juan.perez+tips@gmail.com",
                    "juanperez@googlemail.com"
                })
        void followGmailWhichIgnoresDotsAndPlusTags(String written) {
            assertThat(normalizer.normalize(IdentifierType.EMAIL, written)).isEqualTo("juanperez@gmail.com");
        }

        @Test
        void dropPlusTagsWhereTheProviderDocumentsThemButKeepDotsOutsideGmail() {
            assertThat(normalizer.normalize(IdentifierType.EMAIL, "j.perez+x@outlook.com"))
                    .isEqualTo("j.perez@outlook.com");
            assertThat(normalizer.normalize(IdentifierType.EMAIL, "j.perez+x@example.gov"))
                    .as("an unknown provider may treat + as part of the name")
                    .isEqualTo("j.perez+x@example.gov");
        }
    }

    @Nested
    class Vehicles {

        @ParameterizedTest
        @ValueSource(strings = {"tx abc-1234", "TX:ABC1234", "Tx - ABC 1234", "Texas ABC-1234", "TEXAS: abc 1234"})
        void platesAreStateAndCharacters(String written) {
            assertThat(normalizer.normalize(IdentifierType.VEHICLE_PLATE, written))
                    .isEqualTo("TX:ABC1234");
        }

        @Test
        void readsStatesOfMoreThanOneWordByName() {
            assertThat(normalizer.normalize(IdentifierType.VEHICLE_PLATE, "New Mexico 123-ABC"))
                    .isEqualTo("NM:123ABC");
            assertThat(normalizer.normalize(IdentifierType.VEHICLE_PLATE, "West Virginia 5X 1234"))
                    .isEqualTo("WV:5X1234");
        }

        @Test
        void aPlateWithoutAKnownStateIsItsCharacters() {
            assertThat(normalizer.normalize(IdentifierType.VEHICLE_PLATE, "abc-1234"))
                    .isEqualTo("ABC1234");
            assertThat(normalizer.normalize(IdentifierType.VEHICLE_PLATE, "ZZ 1234"))
                    .isEqualTo("ZZ1234");
        }

        @Test
        void vinsAreUpperCaseWithTheLettersAVinNeverHoldsReadAsDigits() {
            assertThat(normalizer.normalize(IdentifierType.VIN, "1hg cm8263-3a004352"))
                    .isEqualTo("1HGCM82633A004352");
            assertThat(normalizer.normalize(IdentifierType.VIN, "1HGCM82633AOO4352"))
                    .isEqualTo("1HGCM82633A004352");
        }

        @Test
        void aVinIsValidOnlyWithItsCheckDigit() {
            assertThat(IdentifierNormalizer.isValidVin("1HGCM82633A004352")).isTrue();
            assertThat(IdentifierNormalizer.isValidVin("1M8GDM9AXKP042788"))
                    .as("check digit X")
                    .isTrue();
            assertThat(IdentifierNormalizer.isValidVin("1HGCM82643A004352")).isFalse();
            assertThat(IdentifierNormalizer.isValidVin("1HGCM82633A00435"))
                    .as("too short")
                    .isFalse();
        }
    }

    @Nested
    class Addresses {

        @ParameterizedTest
        @ValueSource(strings = {"1200 Main Street, Apartment 4", "1200 main st. apt 4", "1200  MAIN ST APT. 4"})
        void useTheUspsAbbreviationsWithoutPunctuation(String written) {
            assertThat(normalizer.normalize(IdentifierType.ADDRESS, written)).isEqualTo("1200 main st apt 4");
        }

        @Test
        void abbreviateDirectionsAndKeepUnitNumbers() {
            assertThat(normalizer.normalize(IdentifierType.ADDRESS, "8100 North Bissonnet Boulevard #12"))
                    .isEqualTo("8100 n bissonnet blvd # 12");
        }
    }

    @Nested
    class Handles {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "instagram:@El_Primo",
                    "https://www.instagram.com/el_primo/",
                    "IG: el_primo",
                    "instagram.com/El_Primo?hl=en"
                })
        void namedTheirPlatformAreWrittenPlatformColonHandle(String written) {
            assertThat(normalizer.normalize(IdentifierType.SOCIAL_HANDLE, written))
                    .isEqualTo("instagram:el_primo");
        }

        @Test
        void twitterIsX() {
            assertThat(normalizer.normalize(IdentifierType.SOCIAL_HANDLE, "https://twitter.com/ElPrimo"))
                    .isEqualTo("x:elprimo");
            assertThat(normalizer.normalize(IdentifierType.SOCIAL_HANDLE, "x.com/@elprimo"))
                    .isEqualTo("x:elprimo");
        }

        @Test
        void facebookIgnoresDots() {
            assertThat(normalizer.normalize(IdentifierType.SOCIAL_HANDLE, "facebook.com/juan.perez.77"))
                    .isEqualTo("facebook:juanperez77");
        }

        @Test
        void withoutAPlatformTheyAreTheHandleAlone() {
            assertThat(normalizer.normalize(IdentifierType.SOCIAL_HANDLE, "@El_Primo"))
                    .isEqualTo("el_primo");
        }
    }

    @Nested
    class Others {

        @Test
        void ipAddressesAreWrittenOneWay() {
            assertThat(normalizer.normalize(IdentifierType.IP_ADDRESS, " 203.0.113.7 "))
                    .isEqualTo("203.0.113.7");
            assertThat(normalizer.normalize(IdentifierType.IP_ADDRESS, "2001:DB8::1"))
                    .isEqualTo(normalizer.normalize(IdentifierType.IP_ADDRESS, "2001:db8:0:0:0:0:0:1"));
            assertThat(normalizer.normalize(IdentifierType.IP_ADDRESS, "not-an-address.example"))
                    .as("never looked up")
                    .isEqualTo("not-an-address.example");
        }

        @Test
        void documentsAreUpperCaseLettersAndDigits() {
            assertThat(normalizer.normalize(IdentifierType.DOCUMENT, "g 1234-5678"))
                    .isEqualTo("G12345678");
        }
    }
}
