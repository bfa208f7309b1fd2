package taskforce.cases.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseCoordination;
import taskforce.cases.casefile.Cases;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.platform.outbox.AggregateStore.Versioned;
import tools.jackson.databind.JsonNode;

/**
 * Merging one case of BEST Houston into another over HTTP: what moves, what the merged case becomes, that a later
 * lead finds the survivor, the refusals naming their field, the audit, and a merge retried after a crash between
 * its two writes.
 */
class MergeApiIntegrationTest extends CaseServiceIntegrationTest {

    private static final String REASON = "both follow the same stash house";

    @Autowired
    private Cases cases;

    @Autowired
    private CaseCoordination coordination;

    private Response merge(String caseId, Object body) {
        return as(COORDINATOR_TOKEN).post("/api/cases/" + caseId + "/merge", body);
    }

    private static Map<String, Object> into(String caseId) {
        return Map.of("intoCaseId", caseId, "reason", REASON);
    }

    private JsonNode read(String caseId) {
        Response found = as(COORDINATOR_TOKEN).get("/api/cases/" + caseId);
        assertThat(found.status()).isEqualTo(200);
        return found.body();
    }

    private List<String> timelineTypes(String caseId) {
        return as(COORDINATOR_TOKEN)
                .get("/api/cases/" + caseId + "/timeline")
                .body()
                .valueStream()
                .map(entry -> entry.get("type").asString())
                .toList();
    }

    @Nested
    class Merging {

        @Test
        void theSurvivorTakesLeadsIdentifiersNotesOutcomesAndAssignmentsAndTheCaseBecomesReadOnly() {
            String phone = uniquePhone();
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(phone));
            produce(submitted(lead));
            String merged = awaitTriaged(lead.leadId()).caseId();
            String survivor = openCase().caseId();
            assertThat(as(GARZA_TOKEN)
                            .post("/api/cases/" + merged + "/notes", Map.of("text", "van seen at night"))
                            .status())
                    .isEqualTo(201);
            assertThat(as(GARZA_TOKEN)
                            .post("/api/cases/" + merged + "/outcomes", Map.of("type", "ARREST"))
                            .status())
                    .isEqualTo(201);
            assertThat(as(COORDINATOR_TOKEN)
                            .post("/api/cases/" + merged + "/assignments", Map.of("memberId", GARZA, "role", "LEAD"))
                            .status())
                    .isEqualTo(201);

            Response answer = merge(merged, into(survivor));

            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
            assertThat(answer.body().get("status").asString()).isEqualTo("MERGED");
            assertThat(answer.body().get("mergedInto").asString()).isEqualTo(survivor);
            JsonNode after = read(survivor);
            assertThat(after.get("leadIds").valueStream().map(JsonNode::asString))
                    .contains(lead.leadId());
            assertThat(after.get("identifiers")
                            .valueStream()
                            .map(i -> i.get("value").asString()))
                    .contains(phone);
            assertThat(after.get("outcomes")
                            .valueStream()
                            .map(o -> o.get("type").asString()))
                    .containsExactly("ARREST");
            assertThat(after.get("assignments")
                            .valueStream()
                            .map(a -> a.get("memberId").asString()))
                    .containsExactly(GARZA);
            assertThat(after.get("status").asString()).isEqualTo("ASSIGNED");
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/cases/" + survivor + "/notes")
                            .body()
                            .get("content")
                            .valueStream()
                            .map(n -> n.get("text").asString()))
                    .containsExactly("van seen at night");
            JsonNode mergedCase = read(merged);
            assertThat(mergedCase.get("status").asString()).isEqualTo("MERGED");
            assertThat(mergedCase.get("mergedInto").asString()).isEqualTo(survivor);
            assertThat(mergedCase.get("outcomes").isEmpty()).isTrue();
            assertThat(mergedCase.get("assignments").isEmpty()).isTrue();
            assertThat(mergedCase.get("legalNext").isEmpty()).isTrue();
            assertThat(timelineTypes(merged)).endsWith("case.unassigned.v1", "case.merged.v1");
            assertThat(timelineTypes(survivor)).contains("case.absorbed.v1");
            CloudEvent absorbed = awaitEvent(Topics.CASES_NAME, survivor, EventTypes.CASE_ABSORBED.name());
            assertThat(absorbed.data().get("absorbedCaseId").asString()).isEqualTo(merged);
            CloudEvent mergedEvent = awaitEvent(Topics.CASES_NAME, merged, EventTypes.CASE_MERGED.name());
            assertThat(mergedEvent.data().get("mergedIntoCaseId").asString()).isEqualTo(survivor);
            assertThat(mergedEvent.data().get("mergedBy").asString()).isEqualTo(COORDINATOR);
        }

        @Test
        void aLaterLeadMatchingTheMergedCaseJoinsTheSurvivor() {
            String phone = uniquePhone();
            LeadSubmitted first = lead(BEST_HOUSTON, phone(phone));
            produce(submitted(first));
            String merged = awaitTriaged(first.leadId()).caseId();
            String survivor = openCase().caseId();
            assertThat(merge(merged, into(survivor)).status()).isEqualTo(200);

            LeadSubmitted later = lead(BEST_HOUSTON, phone(phone));
            produce(submitted(later));
            LeadTriaged triaged = awaitTriaged(later.leadId());

            assertThat(triaged.newCase()).isFalse();
            assertThat(triaged.caseId()).isEqualTo(survivor);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(
                                    read(survivor).get("leadIds").valueStream().map(JsonNode::asString))
                            .contains(later.leadId()));
            assertThat(read(merged).get("leadIds").valueStream().map(JsonNode::asString))
                    .doesNotContain(later.leadId());
        }

        @Test
        void aMergedCaseRefusesLaterWritesNamingItsStatus() {
            String merged = openCase().caseId();
            String survivor = openCase().caseId();
            assertThat(merge(merged, into(survivor)).status()).isEqualTo(200);

            Response note = as(GARZA_TOKEN).post("/api/cases/" + merged + "/notes", Map.of("text", "too late"));
            Response again = merge(merged, into(openCase().caseId()));

            assertThat(note.status()).isEqualTo(409);
            assertThat(note.body().get("field").asString()).isEqualTo("status");
            assertThat(again.status()).isEqualTo(409);
        }

        @Test
        void theMergeIsAuditedOnBothCases() {
            String merged = openCase().caseId();
            String survivor = openCase().caseId();
            assertThat(as(GARZA_TOKEN)
                            .post("/api/cases/" + merged + "/merge", into(survivor))
                            .status())
                    .isEqualTo(403);

            assertThat(merge(merged, into(survivor)).status()).isEqualTo(200);

            assertThat(auditOf(merged, CaseMerges.MERGE))
                    .extracting(r ->
                            r.get("actorId").asString() + " " + r.get("outcome").asString())
                    .containsExactlyInAnyOrder(GARZA + " REFUSED", COORDINATOR + " ALLOWED");
            assertThat(auditOf(survivor, CaseMerges.MERGE_INTO))
                    .extracting(r ->
                            r.get("actorId").asString() + " " + r.get("outcome").asString())
                    .containsExactly(COORDINATOR + " ALLOWED");
        }
    }

    @Nested
    class Proposing {

        /**
         * Two open cases, each with a phone of its own; a lead carrying both phones joins the first and proposes the
         * merge to the coordinator on it, naming the second and why; another such lead proposes nothing more.
         */
        @Test
        void aLeadMatchingTwoOpenCasesJoinsOneAndProposesTheMergeOnce() {
            String firstPhone = uniquePhone();
            String secondPhone = uniquePhone();
            LeadSubmitted toFirst = lead(BEST_HOUSTON, phone(firstPhone));
            LeadSubmitted toSecond = lead(BEST_HOUSTON, phone(secondPhone));
            produce(submitted(toFirst));
            produce(submitted(toSecond));
            String first = awaitTriaged(toFirst.leadId()).caseId();
            LeadTriaged second = awaitTriaged(toSecond.leadId());

            LeadSubmitted both = lead(BEST_HOUSTON, phone(firstPhone), phone(secondPhone));
            produce(submitted(both));
            assertThat(awaitTriaged(both.leadId()).caseId()).isEqualTo(first);

            CloudEvent proposal = awaitEvent(Topics.CASES_NAME, first, EventTypes.CASE_MERGE_PROPOSED.name());
            assertThat(proposal.data().get("otherCaseId").asString()).isEqualTo(second.caseId());
            assertThat(proposal.data().get("otherCaseNumber").asString()).isEqualTo(second.caseNumber());
            assertThat(proposal.data().get("leadId").asString()).isEqualTo(both.leadId());
            assertThat(proposal.data().get("reason").asString()).contains(secondPhone, second.caseNumber());

            LeadSubmitted again = lead(BEST_HOUSTON, phone(firstPhone), phone(secondPhone));
            produce(submitted(again));
            assertThat(awaitTriaged(again.leadId()).caseId()).isEqualTo(first);
            assertThat(timelineTypes(first).stream().filter("case.merge-proposed.v1"::equals))
                    .hasSize(1);
            assertThat(merge(second.caseId(), into(first)).status()).isEqualTo(200);
        }
    }

    @Nested
    class Refusing {

        @Test
        void namesIntoCaseIdWhenItIsMissingTheCaseItselfUnknownOrOfAnotherTaskForce() {
            String merged = openCase().caseId();
            String gangCase = openCase(GANG_LOS_ANGELES).caseId();

            Map<Object, Integer> expected = Map.of(
                    Map.of("reason", REASON), 400,
                    into(merged), 400,
                    into("no-such-case"), 404,
                    into(gangCase), 404);
            expected.forEach((body, status) -> {
                Response refused = merge(merged, body);
                assertThat(refused.status()).as(refused.raw().body()).isEqualTo(status);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.body().get("field").asString()).isEqualTo("intoCaseId");
            });
            assertThat(read(merged).get("status").asString()).isEqualTo("OPEN");
        }

        @Test
        void refusesAClosedSurvivorAndAMergeWithoutReasonWritingNothing() {
            String merged = openCase().caseId();
            String closed = openCase().caseId();
            assertThat(as(COORDINATOR_TOKEN)
                            .post("/api/cases/" + closed + "/status", Map.of("status", "CLOSED", "reason", "dup"))
                            .status())
                    .isEqualTo(200);

            Response intoClosed = merge(merged, into(closed));
            Response withoutReason =
                    merge(merged, Map.of("intoCaseId", openCase().caseId(), "reason", " "));

            assertThat(intoClosed.status()).isEqualTo(409);
            assertThat(intoClosed.body().get("field").asString()).isEqualTo("intoCaseId");
            assertThat(withoutReason.status()).isEqualTo(400);
            assertThat(withoutReason.body().get("field").asString()).isEqualTo("reason");
            assertThat(timelineTypes(merged)).doesNotContain("case.merged.v1");
            assertThat(timelineTypes(closed)).doesNotContain("case.absorbed.v1");
        }
    }

    @Nested
    class Retrying {

        /**
         * A crash after the survivor's absorption and before the merged case's write: the survivor holds the case,
         * the case is still open. The coordinator's retry finds the absorption done (no second one) and finishes.
         */
        @Test
        void aRetryAfterACrashBetweenTheTwoWritesFinishesTheMergeOnce() {
            String merged = openCase().caseId();
            String survivor = openCase().caseId();
            Case before = cases.find(merged).map(Versioned::value).orElseThrow();
            coordination.command(
                    survivor,
                    null,
                    (into, roster) ->
                            into.absorb(before, cases.allNotes(merged), REASON, COORDINATOR, roster, clock.instant()));
            assertThat(read(merged).get("status").asString()).isEqualTo("OPEN");

            Response retried = merge(merged, into(survivor));

            assertThat(retried.status()).as(retried.raw().body()).isEqualTo(200);
            assertThat(read(merged).get("status").asString()).isEqualTo("MERGED");
            assertThat(timelineTypes(survivor).stream().filter("case.absorbed.v1"::equals))
                    .hasSize(1);
        }

        /** The coordinator decided on the case as it was; a note written since stops the merge until it is read. */
        @Test
        void aStaleIfMatchIsRefusedWritingNothingAndTheCurrentOneMerges() {
            String merged = openCase().caseId();
            String survivor = openCase().caseId();
            long seen = read(merged).get("version").asLong();
            assertThat(as(COORDINATOR_TOKEN)
                            .post("/api/cases/" + merged + "/notes", Map.of("text", "written meanwhile"))
                            .status())
                    .isEqualTo(201);

            Response stale = as(COORDINATOR_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + merged + "/merge",
                            into(survivor),
                            Map.of("If-Match", "\"" + seen + "\""));

            assertThat(stale.status()).isEqualTo(412);
            assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
            assertThat(timelineTypes(survivor)).doesNotContain("case.absorbed.v1");
            long current = read(merged).get("version").asLong();
            Response merging = as(COORDINATOR_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + merged + "/merge",
                            into(survivor),
                            Map.of("If-Match", "\"" + current + "\""));
            assertThat(merging.status()).as(merging.raw().body()).isEqualTo(200);
            Response repeated = as(COORDINATOR_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + merged + "/merge",
                            into(survivor),
                            Map.of("If-Match", "\"" + current + "\""));
            assertThat(repeated.status())
                    .as("a repeat of the same request answers as before")
                    .isEqualTo(200);
            assertThat(read(merged).get("status").asString()).isEqualTo("MERGED");
        }

        @Test
        void aRepeatedMergeAnswersTheSameAndWritesNothing() {
            String merged = openCase().caseId();
            String survivor = openCase().caseId();
            Response first = merge(merged, into(survivor));
            long survivorVersion = read(survivor).get("version").asLong();

            Response second = merge(merged, into(survivor));

            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body().get("version").asLong())
                    .isEqualTo(first.body().get("version").asLong());
            assertThat(read(survivor).get("version").asLong()).isEqualTo(survivorVersion);
        }
    }
}
