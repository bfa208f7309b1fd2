package taskforce.cases.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
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
import tools.jackson.databind.JsonNode;

/**
 * Near misses over real HTTP with tokens: the same given name and date of birth under another family name opens
 * its own case and is listed for the coordinator as a possible same person, with the reason; the coordinator
 * confirms (the lead joins the other case, or across task forces both cases get a hit) or rejects (for good).
 */
class PossibleMatchTest extends CaseServiceIntegrationTest {

    private static final Random RANDOM = new Random();

    /** A family name no other test files, so the person index holds only this test's people under it. */
    private static String familyName() {
        StringBuilder name = new StringBuilder().append((char) ('A' + RANDOM.nextInt(26)));
        for (int i = 0; i < 7; i++) {
            name.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return name.toString();
    }

    private static LocalDate birthday() {
        return LocalDate.of(1940, 1, 1).plusDays(RANDOM.nextInt(365 * 60));
    }

    private LeadTriaged triage(String taskForceId, String name, LocalDate born) {
        LeadSubmitted lead = lead(
                taskForceId, List.of(new Subject(name, born, SubjectRole.SUSPECT, List.of())), phone(uniquePhone()));
        produce(submitted(lead));
        return awaitTriaged(lead.leadId());
    }

    private JsonNode possibleMatches(String token, String caseId) {
        Response listed = as(token).get("/api/cases/" + caseId + "/possible-matches");
        assertThat(listed.status()).as(listed.raw().body()).isEqualTo(200);
        return listed.body();
    }

    /**
     * The case's possible matches once one is there: deconfliction runs after the case is stored, whose outbox
     * publishes {@code lead.triaged} at once, so a test that saw the lead triaged may still be ahead of it.
     */
    private JsonNode possibleMatchesOnceRaised(String token, String caseId) {
        return await().atMost(WAIT).until(() -> possibleMatches(token, caseId), found -> !found.isEmpty());
    }

    private String decidePath(String caseId, JsonNode possible) {
        return "/api/cases/" + caseId + "/possible-matches/"
                + possible.get("possibleMatchId").asString();
    }

    @Nested
    class WithinOneTaskForce {

        @Test
        void isListedWithTheReasonOnBothCasesForTheCoordinatorOnlyAndNeverJoinedOnItsOwn() {
            LocalDate born = birthday();
            String kett = "Kelsey " + familyName();
            String noble = "Kelsey " + familyName();
            LeadTriaged first = triage(BEST_HOUSTON, kett, born);
            LeadTriaged second = triage(BEST_HOUSTON, noble, born);

            assertThat(second.newCase()).as("never joined automatically").isTrue();
            JsonNode onSecond = possibleMatchesOnceRaised(COORDINATOR_TOKEN, second.caseId());
            assertThat(onSecond).hasSize(1);
            assertThat(onSecond.get(0).get("otherCaseNumber").asString()).isEqualTo(first.caseNumber());
            assertThat(onSecond.get(0).get("decision").asString()).isEqualTo("UNDECIDED");
            assertThat(onSecond.get(0).get("reason").asString())
                    .isEqualTo("possible same person: " + noble + " ~ " + kett + ", born " + born
                            + " (same given name and date of birth, other family name)");
            assertThat(possibleMatches(COORDINATOR_TOKEN, first.caseId()))
                    .singleElement()
                    .satisfies(view ->
                            assertThat(view.get("otherCaseNumber").asString()).isEqualTo(second.caseNumber()));

            String path = "/api/cases/" + second.caseId() + "/possible-matches";
            assertThat(as(GARZA_TOKEN).get(path).status()).as("a member").isEqualTo(403);
            assertThat(as(CHEN_TOKEN).get(path).status())
                    .as("another task force")
                    .isEqualTo(404);
            assertThat(anonymous().get(path).status()).isEqualTo(401);
        }

        @Test
        void confirmedTheLeadJoinsTheOtherCaseSayingWhoConfirmedIt() {
            LocalDate born = birthday();
            String kett = "Kelsey " + familyName();
            String noble = "Kelsey " + familyName();
            LeadTriaged first = triage(BEST_HOUSTON, kett, born);
            LeadTriaged second = triage(BEST_HOUSTON, noble, born);
            JsonNode possible = possibleMatchesOnceRaised(COORDINATOR_TOKEN, second.caseId())
                    .get(0);
            String path = decidePath(second.caseId(), possible);

            assertThat(as(GARZA_TOKEN)
                            .post(path, Map.of("decision", "SAME_PERSON"))
                            .status())
                    .isEqualTo(403);
            assertThat(as(COORDINATOR_TOKEN)
                            .post(path, Map.of("decision", "UNDECIDED"))
                            .status())
                    .isEqualTo(400);
            Response confirmed = as(COORDINATOR_TOKEN).post(path, Map.of("decision", "SAME_PERSON"));

            assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
            assertThat(confirmed.body().get("decision").asString()).isEqualTo("SAME_PERSON");
            assertThat(confirmed.body().get("decidedBy").asString()).isEqualTo(COORDINATOR);
            CaseLeadLinked linked = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, first.caseId(), EventTypes.CASE_LEAD_LINKED.name()),
                    EventTypes.CASE_LEAD_LINKED);
            assertThat(linked.leadId()).isEqualTo(second.leadId());
            assertThat(linked.matchedPeople())
                    .containsExactly("same person: " + noble + " ~ " + kett + ", born " + born + " (confirmed by "
                            + COORDINATOR + ": same given name and date of birth, other family name)");
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/cases/" + first.caseId())
                            .body()
                            .get("leadIds"))
                    .extracting(JsonNode::asString)
                    .contains(first.leadId(), second.leadId());
            assertThat(as(COORDINATOR_TOKEN)
                            .post(path, Map.of("decision", "DIFFERENT_PERSON"))
                            .status())
                    .as("decided once")
                    .isEqualTo(409);
            assertThat(as(COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + first.caseId() + "/possible-matches/possible-unknown",
                                    Map.of("decision", "SAME_PERSON"))
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void confirmedAfterTheOtherCaseWasMergedTheLeadJoinsTheSurvivor() {
            LocalDate born = birthday();
            LeadTriaged first = triage(BEST_HOUSTON, "Kelsey " + familyName(), born);
            LeadTriaged second = triage(BEST_HOUSTON, "Kelsey " + familyName(), born);
            JsonNode possible = possibleMatchesOnceRaised(COORDINATOR_TOKEN, second.caseId())
                    .get(0);
            String survivor = openCase().caseId();
            assertThat(as(COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + first.caseId() + "/merge",
                                    Map.of("intoCaseId", survivor, "reason", "one stash house"))
                            .status())
                    .isEqualTo(200);

            Response confirmed = as(COORDINATOR_TOKEN)
                    .post(decidePath(second.caseId(), possible), Map.of("decision", "SAME_PERSON"));

            assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/cases/" + survivor)
                            .body()
                            .get("leadIds"))
                    .extracting(JsonNode::asString)
                    .contains(first.leadId(), second.leadId());
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/cases/" + first.caseId())
                            .body()
                            .get("leadIds"))
                    .extracting(JsonNode::asString)
                    .doesNotContain(second.leadId());
        }

        @Test
        void rejectedThePairNeverReturnsWhateverLeadsFollow() {
            LocalDate born = birthday();
            String kett = "Kelsey " + familyName();
            String noble = "Kelsey " + familyName();
            LeadTriaged first = triage(BEST_HOUSTON, kett, born);
            LeadTriaged second = triage(BEST_HOUSTON, noble, born);
            JsonNode possible = possibleMatchesOnceRaised(COORDINATOR_TOKEN, second.caseId())
                    .get(0);

            Response rejected = as(COORDINATOR_TOKEN)
                    .post(decidePath(second.caseId(), possible), Map.of("decision", "DIFFERENT_PERSON"));
            assertThat(rejected.status()).as(rejected.raw().body()).isEqualTo(200);
            LeadTriaged again = triage(BEST_HOUSTON, noble, born);
            LeadTriaged third = triage(BEST_HOUSTON, kett, born);

            assertThat(again.caseId()).as("the same person joins its own case").isEqualTo(second.caseId());
            assertThat(third.caseId()).isEqualTo(first.caseId());
            assertThat(possibleMatches(COORDINATOR_TOKEN, first.caseId()))
                    .singleElement()
                    .satisfies(
                            view -> assertThat(view.get("decision").asString()).isEqualTo("DIFFERENT_PERSON"));
            assertThat(possibleMatches(COORDINATOR_TOKEN, second.caseId())).hasSize(1);
            assertThat(events(Topics.CASES_NAME, first.caseId()))
                    .filteredOn(ofType(EventTypes.CASE_LEAD_LINKED.name()))
                    .extracting(event ->
                            CODEC.payload(event, EventTypes.CASE_LEAD_LINKED).leadId())
                    .doesNotContain(second.leadId(), again.leadId());
        }
    }

    @Nested
    class AcrossTaskForces {

        private List<CloudEvent> hitsOn(String caseId) {
            return events(Topics.CASES_NAME, caseId).stream()
                    .filter(ofType(EventTypes.CASE_DECONFLICTION_HIT.name()))
                    .toList();
        }

        @Test
        void eachSideReadsOnlyItsOwnNameAndAConfirmationRaisesAPersonHitOnBoth() {
            LocalDate born = birthday();
            String kett = "Kelsey " + familyName();
            String noble = "Kelsey " + familyName();
            LeadTriaged houston = triage(BEST_HOUSTON, kett, born);
            LeadTriaged gang = triage(GANG_LOS_ANGELES, noble, born);

            JsonNode onHouston = possibleMatchesOnceRaised(COORDINATOR_TOKEN, houston.caseId())
                    .get(0);
            assertThat(onHouston.get("reason").asString())
                    .startsWith("possible same person: " + kett + " ~ a subject of case " + gang.caseNumber())
                    .doesNotContain(noble);
            assertThat(onHouston.get("otherCoordinatorId").asString()).isEqualTo(GANG_COORDINATOR);
            assertThat(possibleMatches(GANG_COORDINATOR_TOKEN, gang.caseId())
                            .get(0)
                            .get("reason")
                            .asString())
                    .doesNotContain(kett);
            assertThat(hitsOn(houston.caseId()))
                    .as("no hit before a person decides")
                    .isEmpty();

            Response confirmed = as(GANG_COORDINATOR_TOKEN)
                    .post(decidePath(gang.caseId(), onHouston), Map.of("decision", "SAME_PERSON"));

            assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
            await().atMost(WAIT)
                    .until(() -> hitsOn(houston.caseId()).size() == 1
                            && hitsOn(gang.caseId()).size() == 1);
            DeconflictionHitFound hit =
                    CODEC.payload(hitsOn(houston.caseId()).get(0), EventTypes.CASE_DECONFLICTION_HIT);
            assertThat(hit.matchedIdentifierType()).isEqualTo(IdentifierType.PERSON);
            assertThat(hit.otherCaseNumber()).isEqualTo(gang.caseNumber());
        }
    }
}
