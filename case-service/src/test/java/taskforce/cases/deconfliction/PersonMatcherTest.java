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
                Arguments.of("John Smith", "1984-03-14", "Smith", "1984-03-15", "one word and another date"),
                Arguments.of("Kelsey Kett", "1984-03-14", "Kelsey Noble", "1984-03-14", "other family name"),
                Arguments.of(
                        "Olivia Williams",
                        "1941-04-11",
                        "Olivia Robinson-Williams",
                        "1945-04-11",
                        "half of a double-barrelled name and a slip in the date"),
                Arguments.of("Olivia Will Iams", "1941-04-11", "Olivia Robinson-Williams", "1945-04-11", "a prefix"),
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
        void toleratesDayAndMonthSwappedTwoDigitsTransposedAndOneDigitOff() {
            assertThat(PersonMatcher.birthAgreement(BORN, BORN)).contains(BirthAgreement.SAME_DATE);
            assertThat(PersonMatcher.birthAgreement(LocalDate.parse("1984-03-04"), LocalDate.parse("1984-04-03")))
                    .contains(BirthAgreement.DAY_MONTH_SWAPPED);
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1984-03-15")))
                    .contains(BirthAgreement.ONE_DIGIT);
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1994-03-14")))
                    .contains(BirthAgreement.ONE_DIGIT);
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1985-04-14")))
                    .isEmpty();
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1948-03-14")))
                    .contains(BirthAgreement.DIGITS_TRANSPOSED);
            assertThat(PersonMatcher.birthAgreement(LocalDate.parse("1965-07-01"), LocalDate.parse("1965-07-10")))
                    .contains(BirthAgreement.DIGITS_TRANSPOSED);
            assertThat(PersonMatcher.birthAgreement(BORN, LocalDate.parse("1984-03-31")))
                    .as("two digits apart but not swapped")
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

    @Nested
    class MistypedRecords {

        static Stream<Arguments> mistypingsWithTheSameDateOfBirth() {
            return Stream.of(
                    Arguments.of("ja ck matthews", "jack matthews", NameAgreement.SPACING),
                    Arguments.of("jackmatthews", "jack matthews", NameAgreement.SPACING),
                    Arguments.of("Mary Ann Smith Jones", "maryann smithjones", NameAgreement.SPACING),
                    Arguments.of("Mary-Ann Smith-Jones", "maryann smithjones", NameAgreement.SAME_NAME),
                    Arguments.of("eriaz keacny", "eliza keany", NameAgreement.SPELLING),
                    Arguments.of("katherie wlison", "katherine wilson", NameAgreement.SPELLING),
                    Arguments.of("rnatthew pemberton", "matthew pemberton", NameAgreement.SPELLING),
                    Arguments.of("re8ecca abernethy", "rebecca abernethy", NameAgreement.SAME_NAME),
                    Arguments.of("billy ferguson", "william ferguson", NameAgreement.NICKNAME),
                    Arguments.of("Bob Lockhart", "Robert Lockhart", NameAgreement.NICKNAME),
                    Arguments.of("collinson", "daniel collinson", NameAgreement.ONE_NAME_PART),
                    Arguments.of("collinson", "collinson", NameAgreement.ONE_NAME_PART),
                    Arguments.of("tahlia", "tahlia smith", NameAgreement.ONE_NAME_PART));
        }

        @ParameterizedTest(name = "{0} ~ {1}")
        @MethodSource("mistypingsWithTheSameDateOfBirth")
        void matchSpacesNicknamesTwoSmallEditsAndASingleRareNamePartWithTheVerySameDate(
                String one, String other, NameAgreement how) {
            assertThat(samePerson(person(one, BORN.toString()), person(other, BORN.toString())))
                    .isTrue();
            if (how != NameAgreement.SAME_NAME) {
                assertThat(matcher.match(person(one, BORN.toString()), person(other, BORN.toString()))
                                .orElseThrow()
                                .agreements())
                        .contains(how);
            }
        }

        @Test
        void aSingleNamePartNeedsTheVerySameDateAndAWordThatIsNotCommon() {
            Person lone = person("Collinson", "1984-03-14");
            assertThat(matcher.match(lone, person("Daniel Collinson", "1984-03-15")))
                    .isEmpty();
            assertThat(matcher.match(lone, person("Daniel Collinson", "1984-03-14"), Set.of("collinson")))
                    .as("a common family name alone is anybody's")
                    .isEmpty();
            assertThat(matcher.match(
                            person("Smith", "1984-03-14"), person("John Smith", "1984-03-14"), Set.of("smith")))
                    .isEmpty();
        }

        @Test
        void twoSmallEditsNeedTheVerySameDate() {
            assertThat(samePerson(person("eriaz keacny", "1984-03-14"), person("eliza keany", "1984-03-15")))
                    .isFalse();
        }

        @Test
        void digitsForLettersAreReadAsTheLettersTheyLookLike() {
            assertThat(PersonMatcher.words("th0mas 5mith")).containsExactly("thomas", "smith");
        }
    }

    @Nested
    class NearMisses {

        @Test
        void theSameGivenNameAndDateWithAnotherFamilyNameIsAPossibleMatchOnly() {
            Person kett = person("Kelsey Kett", "1990-02-17");
            Person noble = person("Kelsey Noble", "1990-02-17");

            assertThat(matcher.match(kett, noble)).isEmpty();
            assertThat(matcher.nearMiss(kett, noble).orElseThrow().reason())
                    .isEqualTo("possible same person: Kelsey Kett ~ Kelsey Noble, born 1990-02-17 (same given name"
                            + " and date of birth, other family name)");
            assertThat(matcher.nearMiss(noble, kett)).isPresent();
        }

        @Test
        void areNeitherMatchesNorOtherDatesNorOtherGivenNames() {
            Person kett = person("Kelsey Kett", "1990-02-17");
            assertThat(matcher.nearMiss(kett, person("Kelsey Ket", "1990-02-17")))
                    .as("a match is no near miss")
                    .isEmpty();
            assertThat(matcher.nearMiss(kett, person("Kelsey Noble", "1990-02-18")))
                    .isEmpty();
            assertThat(matcher.nearMiss(kett, person("Brooke Kett", "1990-02-17")))
                    .as("twins")
                    .isEmpty();
        }
    }

    @Test
    void indexesEveryPersonWithADateOfBirthUnderTheDateAndItsNameWordsUnderYearAndMonthDay() {
        assertThat(matcher.blockingKeys(person("John Smith", null))).isEmpty();
        assertThat(matcher.blockingKeys(person("Smith", "1984-03-14"))).containsExactly("born|1984-03-14");
        assertThat(matcher.blockingKeys(person("John Smith", "1984-03-14")))
                .contains("born|1984-03-14", "SM0|1984", "JN|md3-14");
    }
}
