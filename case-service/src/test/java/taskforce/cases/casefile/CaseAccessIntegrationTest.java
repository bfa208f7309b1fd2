package taskforce.cases.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.audit.AccessRecorded;
import taskforce.contracts.audit.AuditOutcome;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.infra.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Need-to-know on cases (issue 3), each rule both ways over real HTTP with real signed tokens: members read and
 * work the cases of the task forces the directory says they belong to now, coordinators alone assign and move
 * them, everyone else gets 404 exactly as for a missing case, and every decision lands in the audit trail.
 */
class CaseAccessIntegrationTest extends CaseServiceIntegrationTest {

    private static String casePath(LeadTriaged opened) {
        return "/api/cases/" + opened.caseId();
    }

    private static List<String> caseIds(Response page) {
        return page.body()
                .get("content")
                .valueStream()
                .map(c -> c.get("caseId").asString())
                .toList();
    }

    @Nested
    class Authentication {

        @Test
        void refusesARequestWithoutTokenWithUnauthorizedProblemAndChallenge() {
            Response refused = anonymous().get("/api/cases");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }

        @Test
        void refusesATokenSignedByAnUntrustedKeyOrExpired() {
            Map<String, Object> claims = Map.of("roles", List.of("ADMIN"));
            assertThat(as(TestTokens.signedByStranger("admin", claims))
                            .get("/api/agencies")
                            .status())
                    .isEqualTo(401);
            assertThat(as(TestTokens.expired("admin", claims))
                            .get("/api/agencies")
                            .status())
                    .isEqualTo(401);
            assertThat(as(ADMIN_TOKEN).get("/api/agencies").status()).isEqualTo(200);
        }
    }

    @Nested
    class ReadingACase {

        @Test
        void aMemberOfTheCasesTaskForceReadsItAndItsTimeline() {
            LeadTriaged opened = openCase();
            Response read = as(LEE_TOKEN).get(casePath(opened));
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().get("caseNumber").asString()).isEqualTo(opened.caseNumber());
            assertThat(as(LEE_TOKEN).get(casePath(opened) + "/timeline").status())
                    .isEqualTo(200);
        }

        @Test
        void aMemberOfAnotherTaskForceGetsNotFoundExactlyLikeForAMissingCase() {
            LeadTriaged opened = openCase();
            String missingId = UUID.randomUUID().toString();
            Response refused = as(CHEN_TOKEN).get(casePath(opened));
            Response missing = as(CHEN_TOKEN).get("/api/cases/" + missingId);

            assertThat(refused.status()).isEqualTo(404).isEqualTo(missing.status());
            assertThat(refused.body().propertyNames())
                    .containsExactlyInAnyOrderElementsOf(missing.body().propertyNames());
            assertThat(refused.body().get("title").asString())
                    .isEqualTo(missing.body().get("title").asString());
            assertThat(refused.body().get("detail").asString())
                    .isEqualTo(missing.body().get("detail").asString().replace(missingId, opened.caseId()));
            assertThat(refused.raw().body()).doesNotContain(opened.caseNumber(), BEST_HOUSTON);
            assertThat(as(CHEN_TOKEN).get(casePath(opened) + "/timeline").status())
                    .isEqualTo(404);
        }

        @Test
        void anAdministratorReadsEveryCaseButAgencyAccountsReadNone() {
            LeadTriaged opened = openCase();
            assertThat(as(ADMIN_TOKEN).get(casePath(opened)).status()).isEqualTo(200);
            assertThat(as(HOUSTON_ADMIN_TOKEN).get(casePath(opened)).status()).isEqualTo(404);
            assertThat(as(HOUSTON_SYSTEM_TOKEN).get(casePath(opened)).status()).isEqualTo(404);
        }

        @Test
        void aTokenClaimingAnotherAgencyThanTheDirectoryMemberReadsNothing() {
            LeadTriaged opened = openCase();
            String borrowed = TestTokens.member(GARZA, "dallas-pd", "MEMBER", BEST_HOUSTON);
            assertThat(as(borrowed).get(casePath(opened)).status()).isEqualTo(404);
            assertThat(as(GARZA_TOKEN).get(casePath(opened)).status()).isEqualTo(200);
        }

        @Test
        void aMemberWhoLeavesTheTaskForceLosesItsCasesAtOnceThoughTheTokenStillNamesIt() {
            LeadTriaged opened = openCase();
            String memberId = "hpd-officer-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> inBestHouston = Map.of(
                    "name",
                    "Sam Ortiz",
                    "agencyId",
                    "houston-pd",
                    "taskForceIds",
                    List.of(BEST_HOUSTON),
                    "role",
                    "MEMBER");
            assertThat(as(ADMIN_TOKEN)
                            .put("/api/members/" + memberId, inBestHouston)
                            .status())
                    .isEqualTo(201);
            String token = TestTokens.member(memberId, "houston-pd", "MEMBER", BEST_HOUSTON);
            assertThat(as(token).get(casePath(opened)).status()).isEqualTo(200);

            Map<String, Object> left =
                    Map.of("name", "Sam Ortiz", "agencyId", "houston-pd", "taskForceIds", List.of(), "role", "MEMBER");
            assertThat(as(ADMIN_TOKEN).put("/api/members/" + memberId, left).status())
                    .isEqualTo(200);

            assertThat(as(token).get(casePath(opened)).status()).isEqualTo(404);
            assertThat(caseIds(as(token).get("/api/cases?taskForceId=" + BEST_HOUSTON)))
                    .isEmpty();
        }
    }

    @Nested
    class ListingCases {

        @Test
        void aMemberListsOnlyTheCasesOfTheirTaskForces() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            LeadTriaged losAngeles = openCase(GANG_LOS_ANGELES);

            assertThat(caseIds(as(GARZA_TOKEN).get("/api/cases?size=200")))
                    .contains(houston.caseId())
                    .doesNotContain(losAngeles.caseId());
            assertThat(caseIds(as(CHEN_TOKEN).get("/api/cases?size=200")))
                    .contains(losAngeles.caseId())
                    .doesNotContain(houston.caseId());
        }

        @Test
        void aFilterNamingAnotherTaskForceFindsNothingInsteadOfBeingRefused() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            Response outside =
                    as(CHEN_TOKEN).get("/api/cases?taskForceId=" + BEST_HOUSTON + "&q=" + houston.caseNumber());
            assertThat(outside.status()).isEqualTo(200);
            assertThat(outside.body().get("totalElements").asLong()).isZero();

            Response inside =
                    as(GARZA_TOKEN).get("/api/cases?taskForceId=" + BEST_HOUSTON + "&q=" + houston.caseNumber());
            assertThat(caseIds(inside)).containsExactly(houston.caseId());
        }

        @Test
        void anAdministratorListsEveryTaskForceAndAgencyAccountsListNothing() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            LeadTriaged losAngeles = openCase(GANG_LOS_ANGELES);
            assertThat(caseIds(as(ADMIN_TOKEN).get("/api/cases?size=200")))
                    .contains(houston.caseId(), losAngeles.caseId());

            Response agencyAdmin = as(HOUSTON_ADMIN_TOKEN).get("/api/cases?taskForceId=" + BEST_HOUSTON);
            assertThat(agencyAdmin.status()).isEqualTo(200);
            assertThat(agencyAdmin.body().get("totalElements").asLong()).isZero();
        }
    }

    @Nested
    class CoordinatingACase {

        @Test
        void theCoordinatorAssignsWithTheAssignerTakenFromTheToken() {
            LeadTriaged opened = openCase();
            Response assigned = as(COORDINATOR_TOKEN)
                    .post(casePath(opened) + "/assignments", Map.of("memberId", GARZA, "role", "LEAD"));
            assertThat(assigned.status()).isEqualTo(201);
            assertThat(assigned.body()
                            .get("assignments")
                            .get(0)
                            .get("assignedBy")
                            .asString())
                    .isEqualTo(COORDINATOR);
        }

        @Test
        void refusesAnAssignedByThatContradictsTheTokenNamingTheField() {
            LeadTriaged opened = openCase();
            Response refused = as(COORDINATOR_TOKEN)
                    .post(
                            casePath(opened) + "/assignments",
                            Map.of("memberId", GARZA, "role", "LEAD", "assignedBy", GANG_COORDINATOR));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body().get("field").asString()).isEqualTo("assignedBy");
            assertThat(as(GARZA_TOKEN).get(casePath(opened)).body().get("assignments"))
                    .isEmpty();
        }

        @Test
        void aMemberOrAnAdministratorMayReadButNotAssignWhileAnotherTaskForcesCoordinatorCannotEvenSeeIt() {
            LeadTriaged opened = openCase();
            Map<String, Object> assignment = Map.of("memberId", NGUYEN, "role", "SUPPORT");
            assertThat(as(GARZA_TOKEN)
                            .post(casePath(opened) + "/assignments", assignment)
                            .status())
                    .isEqualTo(403);
            assertThat(as(ADMIN_TOKEN)
                            .post(casePath(opened) + "/assignments", assignment)
                            .status())
                    .isEqualTo(403);
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .post(casePath(opened) + "/assignments", assignment)
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void onlyTheCoordinatorUnassignsAndTheUnassignerComesFromTheToken() {
            LeadTriaged opened = openCase();
            as(COORDINATOR_TOKEN).post(casePath(opened) + "/assignments", Map.of("memberId", GARZA, "role", "LEAD"));
            String assignment = casePath(opened) + "/assignments/" + GARZA;

            assertThat(as(GANG_COORDINATOR_TOKEN).delete(assignment).status()).isEqualTo(404);
            assertThat(as(GARZA_TOKEN).delete(assignment).status()).isEqualTo(403);
            Response contradicting = as(COORDINATOR_TOKEN).delete(assignment + "?unassignedBy=" + GARZA);
            assertThat(contradicting.status()).isEqualTo(403);
            assertThat(contradicting.body().get("field").asString()).isEqualTo("unassignedBy");
            assertThat(as(COORDINATOR_TOKEN).delete(assignment).status()).isEqualTo(204);

            var unassigned = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_UNASSIGNED.name()),
                    EventTypes.CASE_UNASSIGNED);
            assertThat(unassigned.unassignedBy()).isEqualTo(COORDINATOR);
        }

        @Test
        void onlyTheCoordinatorChangesTheStatusWithTheChangerFromTheToken() {
            LeadTriaged opened = openCase();
            Map<String, Object> close = Map.of("status", "CLOSED", "reason", "duplicate of another case");
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .post(casePath(opened) + "/status", close)
                            .status())
                    .isEqualTo(404);
            assertThat(as(NGUYEN_TOKEN)
                            .post(casePath(opened) + "/status", close)
                            .status())
                    .isEqualTo(403);
            Response contradicting = as(COORDINATOR_TOKEN)
                    .post(
                            casePath(opened) + "/status",
                            Map.of("status", "CLOSED", "reason", "duplicate", "changedBy", NGUYEN));
            assertThat(contradicting.status()).isEqualTo(403);
            assertThat(contradicting.body().get("field").asString()).isEqualTo("changedBy");

            Response closed = as(COORDINATOR_TOKEN).post(casePath(opened) + "/status", close);
            assertThat(closed.status()).isEqualTo(200);
            assertThat(closed.body().get("status").asString()).isEqualTo("CLOSED");
            var changed = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_STATUS_CHANGED.name()),
                    EventTypes.CASE_STATUS_CHANGED);
            assertThat(changed.changedBy()).isEqualTo(COORDINATOR);
        }
    }

    @Nested
    class NotesAndOutcomes {

        @Test
        void anyMemberOfTheTaskForceAddsANoteAuthoredByTheToken() {
            LeadTriaged opened = openCase();
            Response note = as(LEE_TOKEN).post(casePath(opened) + "/notes", Map.of("text", "Plate seen in Dallas"));
            assertThat(note.status()).isEqualTo(201);
            assertThat(note.body().get("notes").get(0).get("author").asString()).isEqualTo(LEE);
        }

        @Test
        void refusesNotesOfOutsidersAdministratorsAndContradictingAuthors() {
            LeadTriaged opened = openCase();
            assertThat(as(CHEN_TOKEN)
                            .post(casePath(opened) + "/notes", Map.of("text", "not my case"))
                            .status())
                    .isEqualTo(404);
            assertThat(as(ADMIN_TOKEN)
                            .post(casePath(opened) + "/notes", Map.of("text", "administrators do not write"))
                            .status())
                    .isEqualTo(403);
            Response contradicting =
                    as(LEE_TOKEN).post(casePath(opened) + "/notes", Map.of("text", "as Garza", "author", GARZA));
            assertThat(contradicting.status()).isEqualTo(403);
            assertThat(contradicting.body().get("field").asString()).isEqualTo("author");
            assertThat(as(GARZA_TOKEN).get(casePath(opened)).body().get("notes"))
                    .isEmpty();
        }

        @Test
        void anOutcomeIsCreditedToTheCallersAgencyByDefaultAndRecordedByTheToken() {
            LeadTriaged opened = openCase();
            Response arrest =
                    as(NGUYEN_TOKEN).post(casePath(opened) + "/outcomes", Map.of("type", "ARREST", "count", 1));
            assertThat(arrest.status()).isEqualTo(201);
            JsonNode outcome = arrest.body().get("outcomes").get(0);
            assertThat(outcome.get("agencyId").asString()).isEqualTo("hsi");
            assertThat(outcome.get("recordedBy").asString()).isEqualTo(NGUYEN);
        }

        @Test
        void refusesOutcomesOfOutsidersAndContradictingRecorders() {
            LeadTriaged opened = openCase();
            assertThat(as(CHEN_TOKEN)
                            .post(casePath(opened) + "/outcomes", Map.of("type", "ARREST"))
                            .status())
                    .isEqualTo(404);
            Response contradicting =
                    as(NGUYEN_TOKEN).post(casePath(opened) + "/outcomes", Map.of("type", "ARREST", "recordedBy", LEE));
            assertThat(contradicting.status()).isEqualTo(403);
            assertThat(contradicting.body().get("field").asString()).isEqualTo("recordedBy");
        }
    }

    @Nested
    class AuditTrail {

        @Test
        void recordsWhoReadTheCaseAndWhoWasRefusedWithoutDataOfTheCase() {
            LeadTriaged opened = openCase();
            as(GARZA_TOKEN).get(casePath(opened));
            as(CHEN_TOKEN).get(casePath(opened));

            List<JsonNode> reads = auditOf(opened.caseId(), "case.read");
            assertThat(reads)
                    .extracting(
                            r -> r.get("actorId").asString(),
                            r -> r.get("outcome").asString())
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(GARZA, "ALLOWED"),
                            org.assertj.core.groups.Tuple.tuple(OTHER_TASK_FORCE_MEMBER, "REFUSED"));
            JsonNode refusal = reads.stream()
                    .filter(r -> r.get("outcome").asString().equals("REFUSED"))
                    .findFirst()
                    .orElseThrow();
            assertThat(refusal.get("agencyId").asString()).isEqualTo("los-angeles-pd");
            assertThat(refusal.get("reason").asString()).isEqualTo("not a member of the case's task force");
            assertThat(refusal.toString()).doesNotContain(opened.caseNumber(), BEST_HOUSTON, "houston-pd");
        }

        @Test
        void recordsEveryKindOfWriteAndPublishesTheRecords() {
            LeadTriaged opened = openCase();
            as(COORDINATOR_TOKEN).post(casePath(opened) + "/assignments", Map.of("memberId", GARZA, "role", "LEAD"));
            as(GARZA_TOKEN).post(casePath(opened) + "/assignments", Map.of("memberId", LEE, "role", "SUPPORT"));
            as(COORDINATOR_TOKEN).delete(casePath(opened) + "/assignments/" + GARZA);
            as(COORDINATOR_TOKEN)
                    .post(casePath(opened) + "/status", Map.of("status", "ACTIVE", "reason", "surveillance starts"));
            as(GARZA_TOKEN).post(casePath(opened) + "/notes", Map.of("text", "closing note"));
            as(GARZA_TOKEN).post(casePath(opened) + "/outcomes", Map.of("type", "ARREST"));
            as(GARZA_TOKEN).get(casePath(opened) + "/timeline");

            assertThat(auditOf(opened.caseId(), "case.assign"))
                    .extracting(r ->
                            r.get("actorId").asString() + ":" + r.get("outcome").asString())
                    .containsExactlyInAnyOrder(COORDINATOR + ":ALLOWED", GARZA + ":REFUSED");
            for (String action :
                    List.of("case.unassign", "case.status", "case.note", "case.outcome", "case.timeline")) {
                assertThat(auditOf(opened.caseId(), action)).as(action).hasSize(1);
            }
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(events(Topics.AUDIT_NAME, opened.caseId()))
                            .extracting(e -> CODEC.payload(e, EventTypes.ACCESS_RECORDED))
                            .extracting(AccessRecorded::action, AccessRecorded::outcome)
                            .contains(
                                    org.assertj.core.groups.Tuple.tuple("case.assign", AuditOutcome.REFUSED),
                                    org.assertj.core.groups.Tuple.tuple("case.outcome", AuditOutcome.ALLOWED)));
        }

        @Test
        void recordsEveryCaseAListReturnedAsReadSoWhoViewedThisCaseFindsIt() {
            LeadTriaged listed = openCase();
            LeadTriaged notListed = openCase();

            Response list = as(LEE_TOKEN).get("/api/cases?taskForceId=" + BEST_HOUSTON + "&q=" + listed.caseNumber());
            assertThat(list.body().get("totalElements").asLong()).isEqualTo(1);

            Response whoViewed = as(ADMIN_TOKEN).get("/api/audit?objectId=" + listed.caseId() + "&action=case.read");
            assertThat(whoViewed
                            .body()
                            .get("content")
                            .valueStream()
                            .map(r -> r.get("actorId").asString() + ":"
                                    + r.get("outcome").asString()))
                    .containsExactly(LEE + ":ALLOWED");
            assertThat(as(ADMIN_TOKEN)
                            .get("/api/audit?objectId=" + notListed.caseId() + "&action=case.read&actorId=" + LEE)
                            .body()
                            .get("totalElements")
                            .asLong())
                    .isZero();
        }

        @Test
        void recordsListReadsUnderTheTaskForceFilterOrAStar() {
            String marker = UUID.randomUUID().toString();
            as(LEE_TOKEN).get("/api/cases?taskForceId=" + BEST_HOUSTON + "&q=" + marker);
            as(LEE_TOKEN).get("/api/cases?taskForceId=" + GANG_LOS_ANGELES + "&q=" + marker);
            as(LEE_TOKEN).get("/api/cases?q=" + marker);

            Response byLee = as(ADMIN_TOKEN).get("/api/audit?actorId=" + LEE + "&action=case.list&size=200");
            assertThat(byLee.body()
                            .get("content")
                            .valueStream()
                            .map(r -> r.get("objectId").asString() + ":"
                                    + r.get("outcome").asString()))
                    .contains(BEST_HOUSTON + ":ALLOWED", GANG_LOS_ANGELES + ":REFUSED", "*:ALLOWED");
        }

        @Test
        void onlyAnAdministratorSearchesTheAuditTrail() {
            LeadTriaged opened = openCase();
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/audit?objectId=" + opened.caseId())
                            .status())
                    .isEqualTo(403);
            assertThat(as(ADMIN_TOKEN)
                            .get("/api/audit?objectId=" + opened.caseId())
                            .status())
                    .isEqualTo(200);
        }
    }
}
