package taskforce.cases.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;

/**
 * The same person written another way, through triage: in the same task force the lead joins the case that names
 * the person and the link says why; in another task force both cases get a hit naming only the kind of match.
 * A shared name with another date of birth, or no date of birth, is nobody's match.
 */
class PersonDeconflictionTest extends CaseServiceIntegrationTest {

    private static Subject subject(String name, String born, String... aliases) {
        return new Subject(name, born == null ? null : LocalDate.parse(born), SubjectRole.SUSPECT, List.of(aliases));
    }

    private List<CloudEvent> hitsOn(String caseId) {
        return events(Topics.CASES_NAME, caseId).stream()
                .filter(ofType(EventTypes.CASE_DECONFLICTION_HIT.name()))
                .toList();
    }

    private LeadTriaged triage(String taskForceId, Subject subject) {
        LeadSubmitted lead = lead(taskForceId, List.of(subject), phone(uniquePhone()));
        produce(submitted(lead));
        return awaitTriaged(lead.leadId());
    }

    @Test
    void aLeadNamingTheSamePersonSpelledAnotherWayJoinsTheCaseOfItsTaskForceAndTheLinkSaysWhy() {
        LeadTriaged first = triage(BEST_HOUSTON, subject("Oleksandr Kovalenko", "1979-06-11", "Sasha Koval"));

        LeadSubmitted again =
                lead(BEST_HOUSTON, List.of(subject("KOVALENKO, Aleksandr", "1979-06-11")), phone(uniquePhone()));
        produce(submitted(again));
        LeadTriaged linked = awaitTriaged(again.leadId());

        assertThat(linked.newCase()).isFalse();
        assertThat(linked.caseId()).isEqualTo(first.caseId());
        CaseLeadLinked event = CODEC.payload(
                awaitEvent(Topics.CASES_NAME, first.caseId(), EventTypes.CASE_LEAD_LINKED.name()),
                EventTypes.CASE_LEAD_LINKED);
        assertThat(event.leadId()).isEqualTo(again.leadId());
        assertThat(event.matchedIdentifiers()).isEmpty();
        assertThat(event.matchedPeople())
                .containsExactly("same person: KOVALENKO, Aleksandr ~ Oleksandr Kovalenko, born 1979-06-11"
                        + " (spelling or transliteration, same date of birth)");

        LeadTriaged byAlias = triage(BEST_HOUSTON, subject("Sasha Koval", "1979-11-06"));
        assertThat(byAlias.caseId())
                .as("an alias with day and month swapped in the date of birth")
                .isEqualTo(first.caseId());
    }

    @Test
    void theSameCommonNameWithAnotherDateOfBirthOrWithoutOneIsAnotherPerson() {
        LeadTriaged first = triage(BEST_HOUSTON, subject("Jose Hernandez", "1985-02-11"));

        LeadTriaged otherBirthday = triage(BEST_HOUSTON, subject("Jose Hernandez", "1991-08-27"));
        LeadTriaged noBirthday = triage(BEST_HOUSTON, subject("Jose Hernandez", null));

        assertThat(otherBirthday.newCase()).isTrue();
        assertThat(noBirthday.newCase()).isTrue();
        assertThat(List.of(otherBirthday.caseId(), noBirthday.caseId())).doesNotContain(first.caseId());
    }

    @Test
    void theSamePersonInAnotherTaskForceRaisesAPersonHitOnBothSidesWithoutNames() {
        LeadTriaged houston = triage(BEST_HOUSTON, subject("Nguyễn Thị Hương", "1990-11-05"));
        LeadTriaged gang = triage(GANG_LOS_ANGELES, subject("Huong Thi Nguyen", "1990-11-05"));

        assertThat(gang.newCase()).as("another task force's case is not joined").isTrue();
        await().atMost(WAIT)
                .until(() -> hitsOn(houston.caseId()).size() == 1
                        && hitsOn(gang.caseId()).size() == 1);
        DeconflictionHitFound onHouston =
                CODEC.payload(hitsOn(houston.caseId()).get(0), EventTypes.CASE_DECONFLICTION_HIT);
        assertThat(onHouston.matchedIdentifierType()).isEqualTo(IdentifierType.PERSON);
        assertThat(onHouston.otherCaseNumber()).isEqualTo(gang.caseNumber());
        assertThat(onHouston.otherCoordinatorId()).isEqualTo(GANG_COORDINATOR);
        for (CloudEvent hit :
                List.of(hitsOn(houston.caseId()).get(0), hitsOn(gang.caseId()).get(0))) {
            assertThat(CODEC.write(hit))
                    .as("a pointer only: neither side's names nor date of birth")
                    .doesNotContainIgnoringCase("nguy")
                    .doesNotContainIgnoringCase("huong")
                    .doesNotContainIgnoringCase("hương")
                    .doesNotContain("1990-11-05");
        }
    }
}
