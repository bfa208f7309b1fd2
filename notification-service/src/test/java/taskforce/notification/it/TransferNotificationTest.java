package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseTransferDecided;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.cases.CaseTransferred;
import taskforce.contracts.cases.TransferDecision;
import taskforce.contracts.directory.MemberRole;
import tools.jackson.databind.JsonNode;

/**
 * A case handed from one task force to another (issue 15): who is told of the proposal, the decision and the move,
 * and whose subscriptions follow the case afterwards.
 */
class TransferNotificationTest extends EmbeddedInfrastructureTestBase {

    private final String from = unique("tf-from");
    private final String to = unique("tf-to");
    private final String caseId = unique("case");
    private final String oldNumber = caseNumber();
    private final String newNumber = caseNumber();
    private final String transferId = unique("transfer");

    private CloudEvent proposed() {
        Instant now = Instant.now();
        return event(
                EventTypes.CASE_TRANSFER_PROPOSED,
                caseId,
                now,
                new CaseTransferProposed(
                        caseId, oldNumber, from, transferId, to, "a gang case", "coordinator-from", now));
    }

    private CloudEvent accepted() {
        Instant now = Instant.now();
        return event(
                EventTypes.CASE_TRANSFER_DECIDED,
                caseId,
                now,
                new CaseTransferDecided(
                        caseId,
                        oldNumber,
                        from,
                        transferId,
                        to,
                        TransferDecision.ACCEPTED,
                        null,
                        "coordinator-to",
                        now));
    }

    private CloudEvent transferred() {
        Instant now = Instant.now();
        return event(
                EventTypes.CASE_TRANSFERRED,
                caseId,
                now,
                new CaseTransferred(caseId, newNumber, to, transferId, oldNumber, from, "coordinator-to", now));
    }

    private CloudEvent note(String number, String taskForceId) {
        Instant now = Instant.now().plusMillis(5);
        return event(
                EventTypes.CASE_NOTE_ADDED,
                caseId,
                now,
                new CaseNoteAdded(
                        caseId, number, taskForceId, UUID.randomUUID().toString(), "seen", "coordinator-1", now));
    }

    @Test
    void bothSidesCoordinatorsHearOfTheProposalAndTheyAndTheAssignedMembersOfTheDecisionAndTheMove() throws Exception {
        String fromCoordinator = unique("coordinator");
        String toCoordinator = unique("coordinator");
        String investigator = unique("member");
        memberOf(HOUSTON, fromCoordinator, MemberRole.COORDINATOR, "Elena Ramirez", null, from);
        memberOf(HOUSTON, toCoordinator, MemberRole.COORDINATOR, "Ada Okafor", null, to);
        memberKnown(investigator, "Tom Nguyen", null, from, to);
        produce(caseAssigned(caseId, oldNumber, from, investigator));
        awaitInbox(investigator, 1);

        produce(proposed());

        String proposal = "Transfer proposed: " + oldNumber + " of " + from + " to " + to + ", because a gang case";
        assertThat(titles(awaitInbox(toCoordinator, 1))).containsExactly(proposal);
        assertThat(titles(awaitInbox(fromCoordinator, 1))).containsExactly(proposal);

        produce(accepted());
        produce(transferred());

        String moved = "Case transferred: " + oldNumber + " of " + from + " is now " + newNumber + " of " + to;
        String decision = "Transfer ACCEPTED: " + oldNumber + " to " + to;
        assertThat(titles(awaitInbox(toCoordinator, 3))).containsExactlyInAnyOrder(proposal, decision, moved);
        assertThat(titles(awaitInbox(fromCoordinator, 3))).containsExactlyInAnyOrder(proposal, decision, moved);
        assertThat(titles(awaitInbox(investigator, 3)))
                .containsExactlyInAnyOrder(
                        "Assigned to " + oldNumber + " as LEAD",
                        decision,
                        "Your case " + oldNumber + " of " + from + " is now " + newNumber + " of " + to);
    }

    @Test
    void theOldTaskForcesSubscriptionsStopReceivingTheCaseAndTheNewOnesStart() throws Exception {
        WebhookReceiver houstonHooks = closeAfter(WebhookReceiver.answering());
        WebhookReceiver dallasHooks = closeAfter(WebhookReceiver.answering());
        agreementInForce(HOUSTON, from);
        agreementInForce(DALLAS, to);
        caseKnown(caseId, from);
        subscribe(HOUSTON_ADMIN, from, houstonHooks.url());
        subscribe(DALLAS_ADMIN, to, dallasHooks.url());
        CloudEvent before = note(oldNumber, from);
        produce(before);
        awaitWebhook(houstonHooks, before.id());

        produce(accepted());
        produce(transferred());
        CloudEvent after = note(newNumber, to);
        produce(after);

        assertThat(awaitWebhook(dallasHooks, after.id())
                        .get("data")
                        .get("caseNumber")
                        .asString())
                .isEqualTo(newNumber);
        assertThat(dallasHooks.received().stream()
                        .map(r -> json(r.body()).get("id").asString()))
                .doesNotContain(before.id());
        // one event's deliveries are all recorded when it is handled, before any is sent: Dallas has the note, so
        // a delivery of it to Houston would be in Houston's log by now
        JsonNode houstonLog = as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + houstonHookId);
        assertThat(houstonLog.valueStream().map(d -> d.get("eventId").asString()))
                .contains(before.id())
                .doesNotContain(after.id());
        assertThat(houstonHooks.received().stream()
                        .map(r -> json(r.body()).get("id").asString()))
                .doesNotContain(after.id());
    }

    private String houstonHookId;

    private void subscribe(String token, String taskForceId, String url) throws Exception {
        var created = as(token).post("/api/subscriptions", """
                {"scope": {"taskForceId": "%s"}, "channel": {"type": "WEBHOOK", "url": "%s"}}
                """.formatted(taskForceId, url));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (token.equals(HOUSTON_ADMIN)) {
            houstonHookId = json(created.body()).get("id").asString();
        }
    }

    private JsonNode awaitWebhook(WebhookReceiver hooks, String eventId) {
        return await().atMost(PATIENCE)
                .until(
                        () -> hooks.received().stream()
                                .map(request -> json(request.body()))
                                .filter(body -> eventId.equals(body.get("id").asString()))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
