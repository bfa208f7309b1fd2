package taskforce.cases.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.infra.TestStore;

/** The person index over the real store: what a lookup by key finds, and what the namesake counts forbid. */
class PersonIndexTest {

    private static final String DATABASE = "case-service-person-index";
    private static final String TASK_FORCE = "best-houston";

    private static TestStore store;
    private PersonIndex index;

    @BeforeAll
    static void connect() {
        store = TestStore.connect();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void freshIndex() {
        index = new PersonIndex(store.fresh(DATABASE));
    }

    private static List<Subject> subject(String name, String born) {
        return List.of(new Subject(name, LocalDate.parse(born), SubjectRole.SUSPECT, List.of()));
    }

    @Nested
    class OneNamePart {

        @Test
        void withTheVerySameDateFindsTheCaseOfTheWholeNameOrOfTheSamePart() {
            index.add("case-full", TASK_FORCE, subject("alexander stapleton", "1986-04-20"));
            index.add("case-lone", TASK_FORCE, subject("pemberton", "1971-02-03"));

            assertThat(index.casesNaming(subject("stapleton", "1986-04-20")))
                    .extracting(PersonIndex.Candidate::caseId)
                    .containsExactly("case-full");
            PersonIndex.Found wholeName = index.lookUp(subject("matthew pemberton", "1971-02-03"));
            assertThat(wholeName.matches())
                    .as("a case known by a lone part is not joined by a whole name: it may be the twin's")
                    .isEmpty();
            assertThat(wholeName.possibleMatches()).singleElement().satisfies(possible -> {
                assertThat(possible.caseId()).isEqualTo("case-lone");
                assertThat(possible.nearMiss().reason())
                        .isEqualTo("possible same person: matthew pemberton ~ pemberton, born 1971-02-03 (one"
                                + " part of the name only, same date of birth)");
            });
            assertThat(index.casesNaming(subject("pemberton", "1971-02-03")))
                    .extracting(PersonIndex.Candidate::caseId)
                    .containsExactly("case-lone");
        }

        @Test
        void thatFitsTwinsBornThatDayMatchesNeitherNorDrawsOneTwinIntoTheOthersCase() {
            index.add("case-eliza", TASK_FORCE, subject("eliza underwood", "1943-05-26"));
            index.add("case-jacob", TASK_FORCE, subject("jacob underwood", "1943-05-26"));
            index.add("case-eliza", TASK_FORCE, subject("underwood", "1943-05-26")); // joined before jacob came

            assertThat(index.casesNaming(subject("underwood", "1943-05-26")))
                    .as("two cases fit")
                    .isEmpty();
            assertThat(index.casesNaming(subject("jacob underwood", "1943-05-26")))
                    .extracting(PersonIndex.Candidate::caseId)
                    .as("the whole name finds its own case, the lone part filed with the twin does not count")
                    .containsExactly("case-jacob");
        }

        @Test
        void filedWithATwinDoesNotDrawTheOtherTwinIn() {
            index.add("case-eliza", TASK_FORCE, subject("eliza underwood", "1943-05-26"));
            index.add("case-eliza", TASK_FORCE, subject("underwood", "1943-05-26"));

            assertThat(index.casesNaming(subject("jacob underwood", "1943-05-26")))
                    .isEmpty();
        }

        @Test
        void ofACommonWordFindsNobody() {
            index.add("case-1", TASK_FORCE, subject("olivia smith", "1953-06-16"));
            for (int other = 0; other < PersonIndex.COMMON_WORD_AT; other++) {
                index.add(
                        "case-other-" + other, TASK_FORCE, subject("james smith", "1960-01-%02d".formatted(other + 1)));
            }

            assertThat(index.casesNaming(subject("smith", "1953-06-16"))).isEmpty();
            assertThat(index.casesNaming(subject("olivia smith", "1953-06-16")))
                    .extracting(PersonIndex.Candidate::caseId)
                    .containsExactly("case-1");
        }
    }

    @Test
    void listsANearMissAsAPossibleMatchAndNotAsAMatch() {
        index.add("case-kett", TASK_FORCE, subject("Kelsey Kett", "1990-02-17"));

        PersonIndex.Found found = index.lookUp(subject("Kelsey Noble", "1990-02-17"));

        assertThat(found.matches()).isEmpty();
        assertThat(found.possibleMatches())
                .singleElement()
                .satisfies(possible -> assertThat(possible.caseId()).isEqualTo("case-kett"));
    }

    @Test
    void keepsAFewDatesPerNameOnlyAndStillCallsItCommon() {
        for (int day = 1; day <= PersonIndex.DATES_KEPT + 4; day++) {
            index.add("case-" + day, TASK_FORCE, subject("wei zhang", "1959-03-%02d".formatted(day)));
        }

        assertThat(index.casesNaming(subject("wei zhang", "1959-03-28")))
                .as("a common name one digit off is another person")
                .isEmpty();
        assertThat(index.casesNaming(subject("wei zhang", "1959-03-05")))
                .extracting(PersonIndex.Candidate::caseId)
                .containsExactly("case-5");
    }
}
