package taskforce.cases.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;

class PersonNamesTest {

    private static final LocalDate BORN = LocalDate.parse("1988-04-02");

    @Test
    void takesTheSameNameWrittenAnotherWayWithTheSameDateForTheSameEntry() {
        assertThat(PersonNames.sameEntry(subject("Juan Pérez", BORN), subject("  perez, JUAN ", BORN)))
                .isTrue();
    }

    @Test
    void leavesAnythingLooserToDeconfliction() {
        assertThat(PersonNames.sameEntry(subject("Juan Perez", BORN), subject("Juan Peres", BORN)))
                .as("a typo is a possible match, not the same entry")
                .isFalse();
        assertThat(PersonNames.sameEntry(subject("Juan Perez", BORN), subject("Juan Perez", BORN.plusDays(1))))
                .isFalse();
        assertThat(PersonNames.sameEntry(subject("Juan Perez", BORN), subject("Juan Perez", null)))
                .isFalse();
        assertThat(PersonNames.sameEntry(subject(" ", BORN), subject(" ", BORN)))
                .as("no name is nobody in particular")
                .isFalse();
    }

    private static Subject subject(String name, LocalDate born) {
        return new Subject(name, born, SubjectRole.SUSPECT);
    }
}
