package taskforce.cases.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.infra.CommandRecorder;
import taskforce.infra.IndexCoverage;
import taskforce.infra.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Handing a case from BEST Houston to the gang task force of Los Angeles over HTTP: who may propose, see, decide
 * and withdraw, what the receiving side sees before it accepts, and how the case, its number and its indexes
 * follow it once accepted.
 */
class TransferApiIntegrationTest extends CaseServiceIntegrationTest {

    private static final String HSTF_COORDINATOR_TOKEN =
            TestTokens.member("hstf-coordinator-castillo", "hsi", "COORDINATOR", "hstf-san-diego");

    private Response propose(String caseId, Object body) {
        return as(COORDINATOR_TOKEN).post("/api/cases/" + caseId + "/transfers", body);
    }

    private static Map<String, Object> toGang(String reason) {
        return Map.of("toTaskForceId", GANG_LOS_ANGELES, "reason", reason);
    }

    /** A fresh case of BEST Houston with a transfer to the gang task force waiting; answers the transfer. */
    private JsonNode proposedTransfer(LeadTriaged opened) {
        Response proposed = propose(opened.caseId(), toGang("the targets are MS-13 clique members"));
        assertThat(proposed.status()).as(proposed.raw().body()).isEqualTo(201);
        return proposed.body();
    }

    private static String id(JsonNode transfer) {
        return transfer.get("id").asString();
    }

    @Nested
    class Proposing {

        @Test
        void theCasesCoordinatorProposesAndTheCaseRecordsIt() {
            LeadTriaged opened = openCase();

            Response proposed = propose(opened.caseId(), toGang("gang case, not smuggling"));

            assertThat(proposed.status()).as(proposed.raw().body()).isEqualTo(201);
            JsonNode transfer = proposed.body();
            assertThat(proposed.header("Location")).isEqualTo("/api/transfers/" + id(transfer));
            assertThat(transfer.get("caseId").asString()).isEqualTo(opened.caseId());
            assertThat(transfer.get("fromTaskForceId").asString()).isEqualTo(BEST_HOUSTON);
            assertThat(transfer.get("toTaskForceId").asString()).isEqualTo(GANG_LOS_ANGELES);
            assertThat(transfer.get("status").asString()).isEqualTo("PROPOSED");
            assertThat(transfer.get("reason").asString()).isEqualTo("gang case, not smuggling");
            assertThat(transfer.get("proposedBy").asString()).isEqualTo(COORDINATOR);
            assertThat(transfer.get("proposedAt").asString()).isNotBlank();
            CloudEvent event = awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_TRANSFER_PROPOSED.name());
            assertThat(event.data().get("transferId").asString()).isEqualTo(id(transfer));
        }

        @ParameterizedTest(name = "{0} -> {2} naming {3}")
        @CsvSource({
            "an unknown task force, no-such-task-force, 422, toTaskForceId",
            "its own task force, best-houston, 400, toTaskForceId",
            "no task force, '', 400, toTaskForceId",
        })
        void refusesAnImpossibleDestinationNamingTheField(String what, String toTaskForceId, int status, String field) {
            LeadTriaged opened = openCase();

            Response refused = propose(opened.caseId(), Map.of("toTaskForceId", toTaskForceId, "reason", "because"));

            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(status);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body().get("field").asString()).isEqualTo(field);
        }

        @Test
        void refusesAProposalWithoutAReasonNamingIt() {
            LeadTriaged opened = openCase();

            Response refused = propose(opened.caseId(), toGang("   "));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("field").asString()).isEqualTo("reason");
        }

        @Test
        void refusesASecondProposalWhileOneWaitsAndFilesNothingForIt() {
            LeadTriaged opened = openCase();
            JsonNode first = proposedTransfer(opened);

            Response second = propose(
                    opened.caseId(), Map.of("toTaskForceId", "hstf-san-diego", "reason", "smuggling after all"));

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.body().get("field").asString()).isEqualTo("toTaskForceId");
            Response listed = as(HSTF_COORDINATOR_TOKEN).get("/api/transfers?taskForceId=hstf-san-diego&size=200");
            assertThat(listed.body()
                            .get("content")
                            .valueStream()
                            .map(t -> t.get("caseId").asString()))
                    .doesNotContain(opened.caseId());
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/transfers/" + id(first))
                            .body()
                            .get("status")
                            .asString())
                    .isEqualTo("PROPOSED");
        }

        @Test
        void refusesToTransferAClosedCase() {
            LeadTriaged opened = openCase();
            assertThat(as(COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + opened.caseId() + "/status",
                                    Map.of("status", "CLOSED", "reason", "done"))
                            .status())
                    .isEqualTo(200);

            Response refused = propose(opened.caseId(), toGang("too late"));

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().get("field").asString()).isEqualTo("status");
        }

        @Test
        void onlyTheCasesCoordinatorProposes() {
            LeadTriaged opened = openCase();
            String path = "/api/cases/" + opened.caseId() + "/transfers";

            assertThat(as(GARZA_TOKEN).post(path, toGang("x")).status()).isEqualTo(403);
            assertThat(as(GANG_COORDINATOR_TOKEN).post(path, toGang("x")).status())
                    .isEqualTo(404);
            assertThat(as(ADMIN_TOKEN).post(path, toGang("x")).status()).isEqualTo(403);
            assertThat(auditOf(opened.caseId(), "transfer.propose"))
                    .extracting(r -> r.get("outcome").asString())
                    .containsOnly("REFUSED")
                    .hasSize(3);
        }
    }

    @Nested
    class BeforeAcceptance {

        @Test
        void theReceivingCoordinatorSeesNumberTitlePriorityAndReasonAndNothingElse() {
            LeadTriaged opened = openCase();
            assertThat(as(GARZA_TOKEN)
                            .post("/api/cases/" + opened.caseId() + "/notes", Map.of("text", "informant: Tito"))
                            .status())
                    .isEqualTo(201);
            JsonNode transfer = proposedTransfer(opened);

            Response seen = as(GANG_COORDINATOR_TOKEN).get("/api/transfers/" + id(transfer));

            assertThat(seen.status()).isEqualTo(200);
            JsonNode body = seen.body();
            assertThat(body.get("caseNumber").asString()).isEqualTo(opened.caseNumber());
            assertThat(body.get("title").asString()).startsWith("Stash house on Telephone Rd");
            assertThat(body.get("priority").asString()).isEqualTo("PRIORITY");
            assertThat(body.get("reason").asString()).isEqualTo("the targets are MS-13 clique members");
            assertThat(body.propertyNames())
                    .doesNotContain("subjects", "identifiers", "notes", "leadIds", "assignments", "outcomes");
            assertThat(seen.raw().body()).doesNotContain("Juan Perez", "Tito", "555-");
            for (String path : List.of("", "/timeline", "/notes")) {
                assertThat(as(GANG_COORDINATOR_TOKEN)
                                .get("/api/cases/" + opened.caseId() + path)
                                .status())
                        .as(path)
                        .isEqualTo(404);
            }
            Response search = as(GANG_COORDINATOR_TOKEN).get("/api/cases?q=" + opened.caseNumber());
            assertThat(search.body().get("totalElements").asLong()).isZero();
        }

        @Test
        void bothSidesCoordinatorsListItAndNobodyElseSeesIt() {
            JsonNode transfer = proposedTransfer(openCase());

            for (String[] side : List.of(
                    new String[] {COORDINATOR_TOKEN, BEST_HOUSTON},
                    new String[] {GANG_COORDINATOR_TOKEN, GANG_LOS_ANGELES})) {
                Response listed = as(side[0]).get("/api/transfers?taskForceId=" + side[1] + "&size=200");
                assertThat(listed.status()).isEqualTo(200);
                assertThat(listed.body()
                                .get("content")
                                .valueStream()
                                .map(t -> t.get("id").asString()))
                        .as(side[1])
                        .contains(id(transfer));
            }
            assertThat(as(ADMIN_TOKEN).get("/api/transfers/" + id(transfer)).status())
                    .isEqualTo(200);
            for (String stranger : List.of(CHEN_TOKEN, GARZA_TOKEN, HSTF_COORDINATOR_TOKEN, HOUSTON_ADMIN_TOKEN)) {
                assertThat(as(stranger).get("/api/transfers/" + id(transfer)).status())
                        .isEqualTo(404);
                Response listed = as(stranger).get("/api/transfers?taskForceId=" + GANG_LOS_ANGELES);
                assertThat(listed.status()).isEqualTo(200);
                assertThat(listed.body().get("totalElements").asLong()).isZero();
            }
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .get("/api/transfers/no-such-transfer")
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void aListNeedsItsTaskForce() {
            Response refused = as(GANG_COORDINATOR_TOKEN).get("/api/transfers");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("field").asString()).isEqualTo("taskForceId");
        }

        @Test
        void everyReadAndDecisionIsAudited() {
            JsonNode transfer = proposedTransfer(openCase());
            as(GANG_COORDINATOR_TOKEN).get("/api/transfers/" + id(transfer));
            as(CHEN_TOKEN).get("/api/transfers/" + id(transfer));
            as(GANG_COORDINATOR_TOKEN).post("/api/transfers/" + id(transfer) + "/decline", Map.of("reason", "no"));

            assertThat(auditOf(id(transfer), "transfer.read"))
                    .extracting(r ->
                            r.get("actorId").asString() + " " + r.get("outcome").asString())
                    .contains(GANG_COORDINATOR + " ALLOWED", OTHER_TASK_FORCE_MEMBER + " REFUSED");
            assertThat(auditOf(id(transfer), "transfer.decline"))
                    .extracting(r -> r.get("outcome").asString())
                    .containsExactly("ALLOWED");
        }
    }

    @Nested
    class Accepting {

        @Test
        void theCaseMovesWithANumberOfTheReceivingSeriesAndItsOldNumberStillFindsIt() {
            LeadTriaged opened = openCase();
            assertThat(as(COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + opened.caseId() + "/assignments",
                                    Map.of("memberId", NGUYEN, "role", "LEAD"))
                            .status())
                    .isEqualTo(201);
            JsonNode transfer = proposedTransfer(opened);

            Response accepted = as(GANG_COORDINATOR_TOKEN).post("/api/transfers/" + id(transfer) + "/accept", null);

            assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(200);
            assertThat(accepted.body().get("status").asString()).isEqualTo("ACCEPTED");
            assertThat(accepted.body().get("decidedBy").asString()).isEqualTo(GANG_COORDINATOR);
            Response moved = as(GANG_COORDINATOR_TOKEN).get("/api/cases/" + opened.caseId());
            assertThat(moved.status()).isEqualTo(200);
            assertThat(moved.body().get("taskForceId").asString()).isEqualTo(GANG_LOS_ANGELES);
            String newNumber = moved.body().get("caseNumber").asString();
            assertThat(newNumber).startsWith("GANG-LOS-FY").isNotEqualTo(opened.caseNumber());
            assertThat(moved.body().get("assignments").size()).isZero();
            assertThat(accepted.body().get("caseNumber").asString()).isEqualTo(newNumber);

            Response byOldNumber = as(GANG_COORDINATOR_TOKEN).get("/api/cases?q=" + opened.caseNumber());
            assertThat(byOldNumber
                            .body()
                            .get("content")
                            .valueStream()
                            .map(c -> c.get("caseId").asString()))
                    .containsExactly(opened.caseId());

            CloudEvent unassigned = awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_UNASSIGNED.name());
            assertThat(CODEC.payload(unassigned, EventTypes.CASE_UNASSIGNED))
                    .extracting(CaseUnassigned::memberId)
                    .isEqualTo(NGUYEN);
            CloudEvent transferred = awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_TRANSFERRED.name());
            assertThat(transferred.data().get("previousCaseNumber").asString()).isEqualTo(opened.caseNumber());

            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/cases/" + opened.caseId())
                            .status())
                    .isEqualTo(404);
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/transfers/" + id(transfer))
                            .body()
                            .get("status")
                            .asString())
                    .isEqualTo("ACCEPTED");
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + opened.caseId() + "/assignments",
                                    Map.of("memberId", OTHER_TASK_FORCE_MEMBER, "role", "LEAD"))
                            .status())
                    .isEqualTo(201);
        }

        @Test
        void theReceivingTaskForcesNextLeadWithTheCasesPhoneOrPersonJoinsIt() {
            String phone = uniquePhone();
            Subject person = new Subject(
                    "Transfer Subject " + UUID.randomUUID().toString().substring(0, 6),
                    LocalDate.of(1987, 3, 14),
                    SubjectRole.SUSPECT);
            LeadSubmitted first = lead(BEST_HOUSTON, List.of(person), phone(phone));
            produce(submitted(first));
            LeadTriaged opened = awaitTriaged(first.leadId());
            JsonNode transfer = proposedTransfer(opened);
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .post("/api/transfers/" + id(transfer) + "/accept", Map.of())
                            .status())
                    .isEqualTo(200);

            LeadSubmitted samePhone = lead(GANG_LOS_ANGELES, phone(phone));
            LeadSubmitted samePerson = lead(GANG_LOS_ANGELES, List.of(person), phone(uniquePhone()));
            produce(submitted(samePhone));
            produce(submitted(samePerson));

            for (LeadSubmitted lead : List.of(samePhone, samePerson)) {
                LeadTriaged triaged = awaitTriaged(lead.leadId());
                assertThat(triaged.newCase()).isFalse();
                assertThat(triaged.caseId()).isEqualTo(opened.caseId());
            }
        }

        private List<String> board(String token, String q) {
            Response found = as(token).get("/api/cases?q=" + q);
            assertThat(found.status()).as(found.raw().body()).isEqualTo(200);
            return found.body()
                    .get("content")
                    .valueStream()
                    .map(c -> c.get("caseId").asString())
                    .toList();
        }

        @Test
        void theReceivingSidesBoardFindsTheCaseByItsPhoneWrittenAnotherWayAndTheProposingSidesNoLonger() {
            String phone = uniquePhone();
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(phone));
            produce(submitted(lead));
            LeadTriaged opened = awaitTriaged(lead.leadId());
            String international = "%2B1" + phone.replaceAll("\\D", "");
            assertThat(board(COORDINATOR_TOKEN, international)).containsExactly(opened.caseId());
            assertThat(board(GANG_COORDINATOR_TOKEN, international)).isEmpty();
            JsonNode transfer = proposedTransfer(opened);

            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .post("/api/transfers/" + id(transfer) + "/accept", null)
                            .status())
                    .isEqualTo(200);

            assertThat(board(GANG_COORDINATOR_TOKEN, international)).containsExactly(opened.caseId());
            assertThat(board(COORDINATOR_TOKEN, international))
                    .as("the old task force's filing of the phone no longer shows the case")
                    .isEmpty();
        }

        @Test
        void onlyTheReceivingCoordinatorAcceptsAndOnlyOnce() {
            JsonNode transfer = proposedTransfer(openCase());
            String accept = "/api/transfers/" + id(transfer) + "/accept";

            assertThat(as(COORDINATOR_TOKEN).post(accept, null).status()).isEqualTo(403);
            assertThat(as(CHEN_TOKEN).post(accept, null).status()).isEqualTo(404);
            assertThat(as(ADMIN_TOKEN).post(accept, null).status()).isEqualTo(404);
            assertThat(as(GANG_COORDINATOR_TOKEN).post(accept, null).status()).isEqualTo(200);
            Response again = as(GANG_COORDINATOR_TOKEN).post(accept, null);
            assertThat(again.status()).isEqualTo(409);
        }
    }

    @Nested
    class DecliningAndWithdrawing {

        @Test
        void theReceivingCoordinatorDeclinesWithAReasonAndTheCaseStays() {
            LeadTriaged opened = openCase();
            JsonNode transfer = proposedTransfer(opened);
            String decline = "/api/transfers/" + id(transfer) + "/decline";

            Response withoutReason = as(GANG_COORDINATOR_TOKEN).post(decline, null);
            assertThat(withoutReason.status()).isEqualTo(400);
            assertThat(withoutReason.body().get("field").asString()).isEqualTo("reason");
            assertThat(as(COORDINATOR_TOKEN)
                            .post(decline, Map.of("reason", "mine"))
                            .status())
                    .isEqualTo(403);

            Response declined = as(GANG_COORDINATOR_TOKEN).post(decline, Map.of("reason", "not a gang case"));

            assertThat(declined.status()).isEqualTo(200);
            assertThat(declined.body().get("status").asString()).isEqualTo("DECLINED");
            assertThat(declined.body().get("decisionReason").asString()).isEqualTo("not a gang case");
            Response stayed = as(COORDINATOR_TOKEN).get("/api/cases/" + opened.caseId());
            assertThat(stayed.body().get("taskForceId").asString()).isEqualTo(BEST_HOUSTON);
            assertThat(stayed.body().get("caseNumber").asString()).isEqualTo(opened.caseNumber());
            assertThat(propose(opened.caseId(), Map.of("toTaskForceId", "hstf-san-diego", "reason", "smuggling"))
                            .status())
                    .isEqualTo(201);
        }

        @Test
        void theProposerWithdrawsAndTheReceivingSideCanNoLongerAccept() {
            JsonNode transfer = proposedTransfer(openCase());
            String withdraw = "/api/transfers/" + id(transfer) + "/withdraw";

            assertThat(as(GANG_COORDINATOR_TOKEN).post(withdraw, null).status()).isEqualTo(403);
            Response withdrawn = as(COORDINATOR_TOKEN).post(withdraw, null);

            assertThat(withdrawn.status()).isEqualTo(200);
            assertThat(withdrawn.body().get("status").asString()).isEqualTo("WITHDRAWN");
            assertThat(withdrawn.body().get("decidedBy").asString()).isEqualTo(COORDINATOR);
            Response late = as(GANG_COORDINATOR_TOKEN).post("/api/transfers/" + id(transfer) + "/accept", null);
            assertThat(late.status()).isEqualTo(409);
        }

        @Test
        void aReasonIsPlainTextOfBoundedLength() {
            JsonNode transfer = proposedTransfer(openCase());
            Map<String, Object> tooLong = new HashMap<>();
            tooLong.put("reason", "x".repeat(2001));

            Response refused = as(GANG_COORDINATOR_TOKEN).post("/api/transfers/" + id(transfer) + "/decline", tooLong);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("field").asString()).isEqualTo("reason");
        }
    }

    @Nested
    class StoreCommands {

        @Autowired
        MongoTemplate store;

        @Test
        void everyQueryOfProposingListingReadingAndDecidingIsAnsweredByIdOrADeclaredIndex() {
            LeadTriaged accepted = openCase();
            LeadTriaged declined = openCase();
            LeadTriaged withdrawn = openCase();

            storeCommands.clear();
            storeCommands.resume();
            try {
                JsonNode toAccept = proposedTransfer(accepted);
                JsonNode toDecline = proposedTransfer(declined);
                JsonNode toWithdraw = proposedTransfer(withdrawn);
                assertThat(as(GANG_COORDINATOR_TOKEN)
                                .get("/api/transfers?taskForceId=" + GANG_LOS_ANGELES)
                                .status())
                        .isEqualTo(200);
                assertThat(as(COORDINATOR_TOKEN)
                                .get("/api/transfers?taskForceId=" + BEST_HOUSTON + "&page=1&size=2")
                                .status())
                        .isEqualTo(200);
                assertThat(as(GANG_COORDINATOR_TOKEN)
                                .get("/api/transfers/" + id(toAccept))
                                .status())
                        .isEqualTo(200);
                assertThat(as(GANG_COORDINATOR_TOKEN)
                                .post("/api/transfers/" + id(toAccept) + "/accept", null)
                                .status())
                        .isEqualTo(200);
                assertThat(as(GANG_COORDINATOR_TOKEN)
                                .post("/api/transfers/" + id(toDecline) + "/decline", Map.of("reason", "not ours"))
                                .status())
                        .isEqualTo(200);
                assertThat(as(COORDINATOR_TOKEN)
                                .post("/api/transfers/" + id(toWithdraw) + "/withdraw", null)
                                .status())
                        .isEqualTo(200);
                assertThat(as(GANG_COORDINATOR_TOKEN)
                                .get("/api/cases?q=" + accepted.caseNumber())
                                .status())
                        .isEqualTo(200);
                // the board's search through the identifier and person indexes, for the task force the case joined
                for (String q : List.of("%2B17135550100", "juan+perez")) {
                    assertThat(as(GANG_COORDINATOR_TOKEN)
                                    .get("/api/cases?q=" + q)
                                    .status())
                            .isEqualTo(200);
                }
            } finally {
                storeCommands.pause();
            }

            List<CommandRecorder.Sent> sent = storeCommands.sent();
            assertThat(sent)
                    .as("the recording heard the transfers")
                    .anySatisfy(command -> assertThat(command.collection()).isEqualTo(Transfers.COLLECTION));
            assertThat(IndexCoverage.unexplained(store, sent)).isEmpty();
        }
    }
}
