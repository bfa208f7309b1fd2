package taskforce.cases.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import tools.jackson.databind.JsonNode;

/**
 * Two task forces working the same phone without knowing it: the second lead raises a hit on both cases at once,
 * each side learning only the other's case number, task force and coordinator.
 */
class CrossTaskForceDeconflictionTest extends CaseServiceIntegrationTest {

    private List<CloudEvent> hitsOn(String caseId) {
        return events(Topics.CASES_NAME, caseId).stream()
                .filter(ofType(EventTypes.CASE_DECONFLICTION_HIT.name()))
                .toList();
    }

    private static List<String> otherCaseNumbers(List<CloudEvent> hits) {
        return hits.stream()
                .map(hit ->
                        CODEC.payload(hit, EventTypes.CASE_DECONFLICTION_HIT).otherCaseNumber())
                .toList();
    }

    @Test
    void aSharedPhoneRaisesOneHitOnEachSideWithPointersOnlyAndAResolvedHitNeverReturns() {
        String shared = uniquePhone();
        LeadSubmitted houstonLead = lead(BEST_HOUSTON, phone(shared));
        produce(submitted(houstonLead));
        LeadTriaged houston = awaitTriaged(houstonLead.leadId());
        // the same phone written another way, to the gang task force
        LeadSubmitted gangLead = lead(GANG_LOS_ANGELES, phone("+1 " + shared.replaceAll("[()]", "")));
        produce(submitted(gangLead));
        LeadTriaged gang = awaitTriaged(gangLead.leadId());
        assertThat(gang.newCase()).as("another task force's case is not joined").isTrue();

        await().atMost(WAIT)
                .until(() -> hitsOn(houston.caseId()).size() == 1
                        && hitsOn(gang.caseId()).size() == 1);
        DeconflictionHitFound onHouston =
                CODEC.payload(hitsOn(houston.caseId()).get(0), EventTypes.CASE_DECONFLICTION_HIT);
        DeconflictionHitFound onGang = CODEC.payload(hitsOn(gang.caseId()).get(0), EventTypes.CASE_DECONFLICTION_HIT);
        assertThat(onHouston.hitId()).isEqualTo(onGang.hitId());
        assertThat(onHouston.otherCaseNumber()).isEqualTo(gang.caseNumber());
        assertThat(onHouston.otherTaskForceId()).isEqualTo(GANG_LOS_ANGELES);
        assertThat(onHouston.otherCoordinatorId()).isEqualTo(GANG_COORDINATOR);
        assertThat(onHouston.matchedIdentifierType()).isEqualTo(IdentifierType.PHONE);
        assertThat(onGang.otherCaseNumber()).isEqualTo(houston.caseNumber());
        assertThat(onGang.otherCoordinatorId()).isEqualTo(COORDINATOR);
        assertThat(CODEC.write(hitsOn(houston.caseId()).get(0)))
                .as("nothing of the other case's content")
                .doesNotContain(
                        gangLead.summary(),
                        gangLead.narrative(),
                        gangLead.leadId(),
                        "Juan Perez",
                        shared.replaceAll("\\D", ""));

        // each side reads its own view; the other task force's people do not see this case at all
        Response houstonView = as(COORDINATOR_TOKEN).get("/api/cases/" + houston.caseId() + "/deconfliction");
        assertThat(houstonView.status()).isEqualTo(200);
        JsonNode hit = houstonView.body().get(0);
        assertThat(hit.get("otherCaseNumber").asString()).isEqualTo(gang.caseNumber());
        assertThat(hit.get("resolution").asString()).isEqualTo("NEW");
        assertThat(as(CHEN_TOKEN)
                        .get("/api/cases/" + houston.caseId() + "/deconfliction")
                        .status())
                .isEqualTo(404);
        assertThat(as(GANG_COORDINATOR_TOKEN)
                        .get("/api/cases/" + gang.caseId() + "/deconfliction")
                        .body()
                        .get(0)
                        .get("otherCaseNumber")
                        .asString())
                .isEqualTo(houston.caseNumber());

        // only the coordinator resolves; different targets stay apart for good
        String path = "/api/cases/" + houston.caseId() + "/deconfliction/" + onHouston.hitId();
        assertThat(as(GARZA_TOKEN)
                        .post(path, Map.of("resolution", "DIFFERENT_TARGET"))
                        .status())
                .isEqualTo(403);
        assertThat(as(COORDINATOR_TOKEN).post(path, Map.of("resolution", "NEW")).status())
                .isEqualTo(400);
        Response resolved = as(COORDINATOR_TOKEN).post(path, Map.of("resolution", "DIFFERENT_TARGET"));
        assertThat(resolved.status()).as(resolved.body().toString()).isEqualTo(200);
        assertThat(resolved.body().get("resolution").asString()).isEqualTo("DIFFERENT_TARGET");
        assertThat(resolved.body().get("resolvedBy").asString()).isEqualTo(COORDINATOR);

        LeadSubmitted again = lead(GANG_LOS_ANGELES, phone(shared));
        produce(submitted(again));
        assertThat(awaitTriaged(again.leadId()).caseId()).isEqualTo(gang.caseId());
        String fresh = uniquePhone();
        LeadSubmitted secondGangLead = lead(GANG_LOS_ANGELES, phone(fresh));
        produce(submitted(secondGangLead));
        LeadTriaged secondGang = awaitTriaged(secondGangLead.leadId());
        assertThat(secondGang.newCase()).isTrue();
        // The marker names the resolved pair's phone first and a second gang case's phone after it. Deconfliction
        // runs after lead.triaged is written and looks at the cases in the order of the lead's identifiers, so the
        // second pair's new hit is the proof that the resolved pair has been looked at again: without it, an
        // assertion that nothing more arrived would pass before deconfliction had even run.
        LeadSubmitted marker = lead(BEST_HOUSTON, phone(shared), phone(fresh));
        produce(submitted(marker));
        assertThat(awaitTriaged(marker.leadId()).caseId()).isEqualTo(houston.caseId());
        await().atMost(WAIT)
                .until(() -> !hitsOn(secondGang.caseId()).isEmpty()
                        && otherCaseNumbers(hitsOn(houston.caseId())).contains(secondGang.caseNumber()));

        assertThat(otherCaseNumbers(hitsOn(houston.caseId())))
                .as("the resolved pair is not announced again; the new pair is, once")
                .containsExactlyInAnyOrder(gang.caseNumber(), secondGang.caseNumber());
        JsonNode views = as(COORDINATOR_TOKEN)
                .get("/api/cases/" + houston.caseId() + "/deconfliction")
                .body();
        assertThat(views).hasSize(2);
        views.forEach(view -> assertThat(view.get("resolution").asString())
                .as("the hit with " + view.get("otherCaseNumber").asString())
                .isEqualTo(
                        view.get("otherCaseNumber").asString().equals(gang.caseNumber()) ? "DIFFERENT_TARGET" : "NEW"));
    }
}
