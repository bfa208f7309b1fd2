package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseNotice;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.lead.Priority;
import tools.jackson.databind.JsonNode;

/**
 * The dissemination rule (issue 13, item 1) over a real broker, store, HTTP receivers and SMTP server: webhooks and
 * subscribed e-mails carry a case's content only to an agency with a member assigned to the case now or whose lead
 * the case holds; every other agency, however many agreements it has, gets the thin form.
 */
class DisseminationTest extends EmbeddedInfrastructureTestBase {

    static final String SECRET_NOTE = "confidential informant CI-7";

    /** Houston's and Dallas's webhook receivers and desks, both agencies with an agreement with the task force. */
    private WebhookReceiver houstonHooks;

    private WebhookReceiver dallasHooks;
    private String houstonDesk;
    private String dallasDesk;
    private String houstonSecret;
    private String dallasSecret;
    private String houstonHookId;
    private String dallasHookId;
    private String taskForceId;

    private void bothAgenciesSubscribe() throws Exception {
        taskForceId = unique("tf");
        houstonHooks = closeAfter(WebhookReceiver.answering());
        dallasHooks = closeAfter(WebhookReceiver.answering());
        agreementInForce(HOUSTON, taskForceId);
        agreementInForce(DALLAS, taskForceId);
        houstonDesk = unique("desk") + "@hpd.example.gov";
        dallasDesk = unique("desk") + "@dpd.example.gov";
        memberOf(HOUSTON, unique("desk"), "Houston Desk", houstonDesk);
        memberOf(DALLAS, unique("desk"), "Dallas Desk", dallasDesk);
        JsonNode houstonHook = subscribe(HOUSTON_ADMIN, webhook(houstonHooks.url()));
        JsonNode dallasHook = subscribe(DALLAS_ADMIN, webhook(dallasHooks.url()));
        houstonSecret = houstonHook.path("channel").path("secret").asString();
        dallasSecret = dallasHook.path("channel").path("secret").asString();
        houstonHookId = houstonHook.get("id").asString();
        dallasHookId = dallasHook.get("id").asString();
        subscribe(HOUSTON_ADMIN, email(houstonDesk));
        subscribe(DALLAS_ADMIN, email(dallasDesk));
    }

    @Nested
    class AnAgencyWithAnAgreementButNoMemberAssignedAndNoLead {

        @Test
        void receivesOnlyTheThinFormByWebhookAndEmailWhileTheAssignedMembersAgencyReceivesContent() throws Exception {
            bothAgenciesSubscribe();
            String houstonOfficer = unique("officer");
            memberKnown(houstonOfficer, "Olivia Officer", null, taskForceId);
            String caseId = unique("case");
            String caseNumber = caseNumber();

            produce(caseAssigned(caseId, caseNumber, taskForceId, houstonOfficer));
            CloudEvent note = noteAdded(caseId, caseNumber, SECRET_NOTE);
            produce(note);

            JsonNode houstonNote = awaitWebhook(houstonHooks, note.id());
            assertThat(houstonNote.get("data").get("text").asString()).isEqualTo(SECRET_NOTE);
            assertThat(houstonNote.has("dataschema")).isFalse();
            JsonNode dallasNote = awaitWebhook(dallasHooks, note.id());
            assertThinForm(dallasNote, note, caseNumber);
            await().atMost(PATIENCE).until(() -> mailsContaining(houstonDesk, SECRET_NOTE) == 1);
            await().atMost(PATIENCE).until(() -> mailsTo(dallasDesk).size() == 2);

            assertNothingReceivedQuotes(SECRET_NOTE, dallasHooks, dallasSecret, dallasDesk);
            assertThat(formSent(dallasHookId, note.id()))
                    .as("the delivery log says which form went")
                    .isEqualTo("THIN");
            assertThat(formSent(houstonHookId, note.id())).isEqualTo("FULL");
            assertThat(houstonHooks.received())
                    .allSatisfy(request -> assertThat(StandardWebhooksVerifier.verify(
                                    houstonSecret,
                                    request.id(),
                                    request.timestamp(),
                                    request.signature(),
                                    request.body()))
                            .isTrue());
        }

        @Test
        void getsTheThinFormAgainOnceTheLastMemberOfTheAgencyIsUnassigned() throws Exception {
            bothAgenciesSubscribe();
            String houstonOfficer = unique("officer");
            memberKnown(houstonOfficer, "Uma Unassigned", null, taskForceId);
            String caseId = unique("case");
            String caseNumber = caseNumber();
            produce(caseAssigned(caseId, caseNumber, taskForceId, houstonOfficer));
            CloudEvent whileAssigned = noteAdded(caseId, caseNumber, "first " + SECRET_NOTE);
            produce(whileAssigned);
            assertThat(awaitWebhook(houstonHooks, whileAssigned.id()).toString())
                    .contains(SECRET_NOTE);

            produce(codec.wrap(
                    EventTypes.CASE_UNASSIGNED,
                    CASE_SERVICE,
                    caseId,
                    Instant.now(),
                    new CaseUnassigned(
                            caseId, caseNumber, taskForceId, houstonOfficer, "coordinator-1", Instant.now())));
            CloudEvent afterwards = noteAdded(caseId, caseNumber, "second " + SECRET_NOTE);
            produce(afterwards);

            assertThinForm(awaitWebhook(houstonHooks, afterwards.id()), afterwards, caseNumber);
            await().atMost(PATIENCE)
                    .until(() -> mailsTo(houstonDesk).stream()
                            .anyMatch(mail -> raw(mail).contains(caseNumber + ": case.note-added.v1")));
            assertThat(mailsContaining(houstonDesk, "second " + SECRET_NOTE)).isZero();
            assertThat(mailsContaining(houstonDesk, "first " + SECRET_NOTE)).isEqualTo(1);
            assertNothingReceivedQuotes(SECRET_NOTE, dallasHooks, dallasSecret, dallasDesk);
        }
    }

    @Nested
    class TheAgencyWhoseLeadTheCaseHolds {

        @Test
        void receivesTheContentWithoutAnyMemberAssigned() throws Exception {
            bothAgenciesSubscribe();
            String caseId = unique("case");
            String caseNumber = caseNumber();
            CloudEvent opened = event(
                    EventTypes.CASE_OPENED,
                    caseId,
                    Instant.now().plusMillis(5),
                    new CaseOpened(
                            caseId,
                            caseNumber,
                            taskForceId,
                            "Stash house named by " + SECRET_NOTE,
                            Priority.PRIORITY,
                            unique("lead"),
                            HOUSTON,
                            List.of(),
                            List.of(),
                            Instant.now()));
            produce(opened);

            assertThat(awaitWebhook(houstonHooks, opened.id())
                            .get("data")
                            .get("title")
                            .asString())
                    .contains(SECRET_NOTE);
            JsonNode dallas = awaitWebhook(dallasHooks, opened.id());
            assertThinForm(dallas, opened, caseNumber);
            assertThat(dallas.get("data").get("status").asString()).isEqualTo("OPEN");
            await().atMost(PATIENCE).until(() -> mailsContaining(houstonDesk, SECRET_NOTE) == 1);
            await().atMost(PATIENCE).until(() -> mailsTo(dallasDesk).size() == 1);
            assertNothingReceivedQuotes(SECRET_NOTE, dallasHooks, dallasSecret, dallasDesk);
        }
    }

    @Nested
    class TheAgencyWhoseLeadMovedByAMerge {

        /** Dallas's lead opened the case that was merged: the survivor now holds that lead, so Dallas reads it. */
        @Test
        void receivesTheSurvivorsContentFromThenOn() throws Exception {
            bothAgenciesSubscribe();
            String survivorId = unique("case");
            String survivorNumber = caseNumber();
            String mergedId = unique("case");
            String mergedNumber = caseNumber();
            CloudEvent survivorOpened = opened(survivorId, survivorNumber, HOUSTON);
            CloudEvent mergedOpened = opened(mergedId, mergedNumber, DALLAS);
            produce(survivorOpened);
            produce(mergedOpened);
            assertThinForm(awaitWebhook(dallasHooks, survivorOpened.id()), survivorOpened, survivorNumber);
            assertThat(awaitWebhook(dallasHooks, mergedOpened.id()).has("dataschema"))
                    .isFalse();
            CloudEvent before = noteAdded(survivorId, survivorNumber, "before the merge, " + SECRET_NOTE);
            produce(before);
            assertThinForm(awaitWebhook(dallasHooks, before.id()), before, survivorNumber);

            Instant now = Instant.now().plusMillis(5);
            produce(event(
                    EventTypes.CASE_ABSORBED,
                    survivorId,
                    now,
                    new CaseAbsorbed(
                            survivorId,
                            survivorNumber,
                            taskForceId,
                            mergedId,
                            mergedNumber,
                            "one smuggling cell",
                            "coordinator-1",
                            now,
                            List.of(unique("lead")),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of())));
            CloudEvent after = noteAdded(survivorId, survivorNumber, "after the merge, " + SECRET_NOTE);
            produce(after);

            assertThat(awaitWebhook(dallasHooks, after.id())
                            .get("data")
                            .get("text")
                            .asString())
                    .isEqualTo("after the merge, " + SECRET_NOTE);
            assertThat(awaitWebhook(houstonHooks, after.id())
                            .get("data")
                            .get("text")
                            .asString())
                    .isEqualTo("after the merge, " + SECRET_NOTE);
            assertThat(formSent(dallasHookId, before.id())).isEqualTo("THIN");
        }

        private CloudEvent opened(String caseId, String caseNumber, String agencyId) {
            Instant now = Instant.now().plusMillis(5);
            return event(
                    EventTypes.CASE_OPENED,
                    caseId,
                    now,
                    new CaseOpened(
                            caseId,
                            caseNumber,
                            taskForceId,
                            "Stash house",
                            Priority.PRIORITY,
                            unique("lead"),
                            agencyId,
                            List.of(),
                            List.of(),
                            now));
        }
    }

    private CloudEvent noteAdded(String caseId, String caseNumber, String text) {
        Instant now = Instant.now().plusMillis(5);
        return event(
                EventTypes.CASE_NOTE_ADDED,
                caseId,
                now,
                new CaseNoteAdded(
                        caseId, caseNumber, taskForceId, UUID.randomUUID().toString(), text, "coordinator-1", now));
    }

    /** Same id, type, source, subject and time as the event; the data says which case and nothing of it. */
    private void assertThinForm(JsonNode received, CloudEvent event, String caseNumber) {
        assertThat(received.get("id").asString()).isEqualTo(event.id());
        assertThat(received.get("type").asString()).isEqualTo(event.type());
        assertThat(received.get("source").asString()).isEqualTo(event.source());
        assertThat(received.get("subject").asString()).isEqualTo(event.subject());
        assertThat(Instant.parse(received.get("time").asString())).isEqualTo(event.time());
        assertThat(received.get("dataschema").asString()).isEqualTo(CaseNotice.SCHEMA);
        JsonNode data = received.get("data");
        assertThat(data.propertyNames()).isSubsetOf("caseId", "caseNumber", "taskForceId", "status", "withheld");
        assertThat(data.get("caseId").asString()).isEqualTo(event.subject());
        assertThat(data.get("caseNumber").asString()).isEqualTo(caseNumber);
        assertThat(data.get("taskForceId").asString()).isEqualTo(taskForceId);
        assertThat(data.get("withheld").asBoolean()).isTrue();
    }

    /** Not a byte of what the agency received quotes the text, and every webhook is signed over what was sent. */
    private void assertNothingReceivedQuotes(String text, WebhookReceiver hooks, String secret, String desk) {
        assertThat(hooks.received()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.body()).doesNotContain(text).doesNotContain("CI-7");
            assertThat(StandardWebhooksVerifier.verify(
                            secret, request.id(), request.timestamp(), request.signature(), request.body()))
                    .as("signed over the bytes sent")
                    .isTrue();
        });
        assertThat(mailsTo(desk))
                .isNotEmpty()
                .allSatisfy(mail -> assertThat(raw(mail)).doesNotContain("CI-7"));
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

    /** The form the delivery log records for the subscription's delivery of the event, once it succeeded. */
    private String formSent(String subscriptionId, String eventId) {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            for (JsonNode delivery :
                                    as(ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId)) {
                                if (eventId.equals(delivery.get("eventId").asString())
                                        && "SUCCEEDED"
                                                .equals(delivery.get("status").asString())) {
                                    return delivery.get("attempts")
                                            .get(0)
                                            .path("form")
                                            .asString();
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);
    }

    private long mailsContaining(String address, String text) {
        return mailsTo(address).stream()
                .filter(mail -> raw(mail).contains(text))
                .count();
    }

    /** Every byte of the message as the SMTP server received it, headers included. */
    static String raw(MimeMessage message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode subscribe(String token, String channel) throws Exception {
        var created = as(token).post("/api/subscriptions", """
                {"scope": {"taskForceId": "%s"}, "channel": %s}
                """.formatted(taskForceId, channel));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body());
    }

    private static String webhook(String url) {
        return "{\"type\": \"WEBHOOK\", \"url\": \"" + url + "\"}";
    }

    private static String email(String address) {
        return "{\"type\": \"EMAIL\", \"address\": \"" + address + "\"}";
    }
}
