package taskforce.cases.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import taskforce.cases.deconfliction.PersonMatcher.BirthAgreement;
import taskforce.cases.deconfliction.PersonMatcher.NameAgreement;
import taskforce.cases.deconfliction.PersonMatcher.Person;

class PersonMatcherTest {

    private static final LocalDate BORN = LocalDate.parse("1984-03-14");

    private final PersonMatcher matcher = new PersonMatcher();

    private static Person person(String name, String born, String... aliases) {
        return new Person(name, List.of(aliases), born == null ? null : LocalDate.parse(born));
    }

    private boolean samePerson(Person a, Person b) {
        boolean same = matcher.match(a, b).isPresent();
        assertThat(matcher.match(b, a).isPresent()).as("symmetric").isEqualTo(same);
        if (same) {
            Set<String> shared = new java.util.HashSet<>(matcher.blockingKeys(a));
            shared.retainAll(matcher.blockingKeys(b));
            assertThat(shared)
                    .as("a match the index can find: they share a blocking key")
                    .isNotEmpty();
        }
        return same;
    }

    static Stream<Arguments> namesOfTheSamePerson() {
        return Stream.of(
                Arguments.of("Mohammed Ali", "Muhammad Ali"),
                Arguments.of("Mohammed Ali", "Mohamed Aly"),
                Arguments.of("Mohamad al-Rashid", "Muhammad Alrashid"),
                Arguments.of("Aleksandr Volkov", "Alexander Volkov"),
                Arguments.of("Oleksandr Kovalenko", "Aleksandr Kovalenko"),
                Arguments.of("Nguyễn Văn An", "Nguyen Van An"),
                Arguments.of("José García", "Jose Garcia"),
                Arguments.of("Jürgen Müller", "Jurgen Mueller"),
                Arguments.of("Catherine O'Brien", "Katherine OBrien"),
                Arguments.of("John Smith", "Jonh Smith"),
                Arguments.of("Maria Gonzalez", "Maria Gonzales"),
                Arguments.of("Sergey Ivanov", "Sergei Ivanoff"),
                Arguments.of("Yusuf Hassan", "Youssef Hasan"),
                Arguments.of("Zhang Wei", "Wei Zhang"),
                Arguments.of("Hernandez, Jose Luis", "Jose Luis Hernandez"),
                Arguments.of("Juan Martinez Lopez", "Juan Martinez"),
                Arguments.of("GARCIA MARIA", "maria garcia"));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("namesOfTheSamePerson")
    void matchesSpellingsTransliterationsTyposAndSwapsWithTheSameDateOfBirth(String one, String other) {
        assertThat(samePerson(person(one, BORN.toString()), person(other, BORN.toString())))
                .isTrue();
    }

    static Stream<Arguments> differentPeople() {
        return Stream.of(
                Arguments.of("John Smith", "1984-03-14", "John Smith", "1971-09-30", "a common name, another birthday"),
                Arguments.of("Maria Garcia", "1990-01-01", "Maria Garcia", "1992-07-15", "a common name"),
                Arguments.of("Jose Hernandez", "1984-03-14", "Juan Hernandez", "1984-03-14", "twins"),
                Arguments.of("Mohammed Ali", "1984-03-14", "Ahmed Ali", "1984-03-14", "other given name"),
                Arguments.of("Wei Zhang", "1984-03-14", "Wei Wang", "1984-03-14", "other surname"),
                Arguments.of("John Smith", "1984-03-14", "Smith", "1984-03-14", "one word says too little"),
                Arguments.of("John Smith", null, "John Smith", null, "no date of birth"),
                Arguments.of("John Smith", "1984-03-14", "John Smith", null, "one without a date of birth"),
                Arguments.of("John Smith", "1984-03-14", "John Smith", "1984-05-16", "two digits off"));
    }

    @ParameterizedTest(name = "{4}: {0} {1} / {2} {3}")
    @MethodSource("differentPeople")
    void neverMatchesOnANameAloneNorOnDifferentNames(
            String one, String oneBorn, String other, String otherBorn, String why) {
        assertThat(samePerson(person(one, oneBorn), person(other, otherBorn))).isFalse();
    }

    @Nested
    class DatesOfBirth {

        @Test
        void toleratesDayAndMonthSwappedAndOneDigitOff() {
            assertThat(PersonMatcher.birthAgreement(BORN, BORN)).contains(BirthAgreement.SAME_DATE);
            assertThat(PersonMatcher.birthAgreement(LocalDate.parse("1984-03-04"), LocalDate.parse("1984-04-03")))
                    .contains(BirthAgreement.DAY_MONTH_SWAPPED);
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1984-03-15")))
                    .contains(BirthAgreement.ONE_DIGIT);
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1994-03-14")))
                    .contains(BirthAgreement.ONE_DIGIT);
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1985-04-14")))
                    .isEmpty();
        }

        @Test
        void aDateOneDigitOffInTheYearStillMeetsItsTwinUnderTheMonthAndDayKey() {
            assertThat(samePerson(person("Ana Lopez", "1984-03-14"), person("Ana Lopez", "1994-03-14")))
                    .isTrue();
        }
    }

    @Nested
    class LooseSpellings {

        @Test
        void letOneNameAgreeLooselyOnlyWithTheVerySameDateOfBirth() {
            assertThat(samePerson(person("Sergey Lindqvist", "1978-05-24"), person("Serhiy Lindquist", "1978-05-24")))
                    .isTrue();
            assertThat(samePerson(person("Sergey Lindqvist", "1978-05-24"), person("Serhiy Lindquist", "1978-05-25")))
                    .isFalse();
        }
    }

    @Nested
    class CommonNames {

        @Test
        void needTheVerySameDateOfBirth() {
            Person lead = person("Wei Zhang", "1959-03-15");
            Person filed = person("Wei Zhang", "1959-03-13");
            assertThat(matcher.match(lead, filed))
                    .as("a rare name tolerates a typo")
                    .isPresent();
            assertThat(matcher.match(lead, filed, Set.of("Wei Zhang"))).isEmpty();
            assertThat(matcher.match(lead, person("Zhang Wei", "1959-03-15"), Set.of("Wei Zhang")))
                    .isPresent();
        }

        @Test
        void areCountedUnderOneKeyWhateverTheSpellingOrOrder() {
            assertThat(matcher.nameKey("Wei Zhang")).isEqualTo(matcher.nameKey("ZHANG, Wei"));
            assertThat(matcher.nameKey("Mohammed Ali")).isEqualTo(matcher.nameKey("Muhammad Ali"));
            assertThat(matcher.nameKey("Cher")).isEmpty();
        }
    }

    @Nested
    class Aliases {

        @Test
        void matchesAnAliasAgainstTheOtherName() {
            var match = matcher.match(
                    person("Joaquin Guzman", "1957-04-04", "Chapo Guzman"), person("Chapo Guzman", "1957-04-04"));
            assertThat(match).isPresent();
            assertThat(match.get().agreements()).contains(NameAgreement.ALIAS);
            assertThat(match.get().reason())
                    .isEqualTo("same person: Chapo Guzman ~ Chapo Guzman, born 1957-04-04 (alias, same date of"
                            + " birth)");
        }

        @Test
        void saysHowTheNamesAndDatesAgreed() {
            var match = matcher.match(person("Muhammad Ali", "1984-03-14"), person("Mohamed Ali", "1984-03-15"))
                    .orElseThrow();
            assertThat(match.reason())
                    .isEqualTo("same person: Muhammad Ali ~ Mohamed Ali, born 1984-03-14 (spelling or"
                            + " transliteration, date of birth one digit off)");
        }
    }

    @Test
    void givesNoIndexKeysToAPersonItCannotMatch() {
        assertThat(matcher.blockingKeys(person("John Smith", null))).isEmpty();
        assertThat(matcher.blockingKeys(person("Smith", "1984-03-14"))).isEmpty();
        assertThat(matcher.blockingKeys(person("John Smith", "1984-03-14"))).contains("SM0|1984", "JN|md3-14");
    }
}
