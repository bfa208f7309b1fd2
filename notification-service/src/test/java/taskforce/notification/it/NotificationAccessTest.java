package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.infra.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Who may see and do what in the notification service (issue 3), each rule both ways over real HTTP with real
 * signed tokens, and delivery filtered at send time through the directory events that change membership.
 */
class NotificationAccessTest extends EmbeddedInfrastructureTestBase {

    static final String LEE = TestTokens.member("dpd-officer-lee", DALLAS, "MEMBER", "best-houston");
    static final String RAMIREZ = TestTokens.member("best-coordinator-ramirez", "hsi", "COORDINATOR", "best-houston");

    /** A Houston task force of this test class with an agreement in force, and a Houston subscription to it. */
    static final String FIXTURE_TASK_FORCE = unique("tf");

    private static String houstonSubscriptionId;

    @BeforeEach
    void houstonSubscribesOnce() throws Exception {
        if (houstonSubscriptionId == null) {
            agreementInForce(HOUSTON, FIXTURE_TASK_FORCE);
            houstonSubscriptionId = subscribeWebhook(FIXTURE_TASK_FORCE, "https://hooks.houston.example.gov/tf")
                    .get("id")
                    .asString();
        }
    }

    static final Map<String, String> TOKENS = Map.of(
            "houston admin", HOUSTON_ADMIN,
            "houston system", HOUSTON_SYSTEM,
            "dallas admin", DALLAS_ADMIN,
            "admin", ADMIN,
            "garza (houston member)", GARZA,
            "lee (dallas member)", LEE,
            "ramirez (coordinator)", RAMIREZ,
            "operator", TestTokens.operator());

    static Stream<Arguments> endpointRoleRows() {
        List<Arguments> rows = new ArrayList<>();
        String subscription = "/api/subscriptions/{houstonSubscription}";
        String deliveries = "/api/deliveries?subscriptionId={houstonSubscription}";
        String garzaInbox = "/api/members/hpd-officer-garza/notifications";
        rows.add(Arguments.of("GET", "/actuator/health", "nobody", 200));
        // metrics and every other actuator endpoint but health: operators and administrators only
        // (the index stands for them where the table asks for JSON)
        rows.add(Arguments.of("GET", "/actuator", "operator", 200));
        rows.add(Arguments.of("GET", "/actuator", "admin", 200));
        rows.add(Arguments.of("GET", "/actuator/prometheus", "garza (houston member)", 403));
        rows.add(Arguments.of("GET", "/actuator/prometheus", "houston system", 403));
        rows.add(Arguments.of("GET", "/actuator/prometheus", "houston admin", 403));
        rows.add(Arguments.of("GET", "/actuator/prometheus", "nobody", 401));
        rows.add(Arguments.of("GET", "/api/subscriptions", "nobody", 401));
        rows.add(Arguments.of("GET", "/api/subscriptions", "houston admin", 200));
        rows.add(Arguments.of("GET", "/api/subscriptions", "houston system", 200));
        rows.add(Arguments.of("GET", "/api/subscriptions", "admin", 200));
        rows.add(Arguments.of("GET", "/api/subscriptions", "garza (houston member)", 403));
        rows.add(Arguments.of("GET", "/api/subscriptions", "ramirez (coordinator)", 403));
        rows.add(Arguments.of("GET", subscription, "nobody", 401));
        rows.add(Arguments.of("GET", subscription, "houston admin", 200));
        rows.add(Arguments.of("GET", subscription, "houston system", 200));
        rows.add(Arguments.of("GET", subscription, "admin", 200));
        rows.add(Arguments.of("GET", subscription, "dallas admin", 404));
        rows.add(Arguments.of("GET", subscription, "garza (houston member)", 403));
        rows.add(Arguments.of("DELETE", subscription, "dallas admin", 404));
        rows.add(Arguments.of("DELETE", subscription, "garza (houston member)", 403));
        rows.add(Arguments.of("DELETE", subscription, "nobody", 401));
        rows.add(Arguments.of("GET", deliveries, "houston admin", 200));
        rows.add(Arguments.of("GET", deliveries, "dallas admin", 200));
        rows.add(Arguments.of("GET", deliveries, "admin", 200));
        rows.add(Arguments.of("GET", deliveries, "lee (dallas member)", 403));
        rows.add(Arguments.of("GET", deliveries, "nobody", 401));
        rows.add(Arguments.of("GET", garzaInbox, "garza (houston member)", 200));
        rows.add(Arguments.of("GET", garzaInbox, "lee (dallas member)", 404));
        rows.add(Arguments.of("GET", garzaInbox, "ramirez (coordinator)", 404));
        rows.add(Arguments.of("GET", garzaInbox, "houston admin", 404));
        rows.add(Arguments.of("GET", garzaInbox, "admin", 404));
        rows.add(Arguments.of("GET", garzaInbox, "nobody", 401));
        rows.add(Arguments.of("GET", garzaInbox + "/stream", "lee (dallas member)", 404));
        return rows.stream();
    }

    @Nested
    class EveryEndpointAndRole {

        @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
        @MethodSource("taskforce.notification.it.NotificationAccessTest#endpointRoleRows")
        void answers(String method, String path, String who, int expected) throws Exception {
            HttpResponse<String> response =
                    as(TOKENS.get(who)).call(method, path.replace("{houstonSubscription}", houstonSubscriptionId));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
            if (expected >= 400) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
        }
    }

    @Nested
    class Subscribing {

        @Test
        void takesTheAgencyFromTheToken() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);

            HttpResponse<String> created = as(HOUSTON_SYSTEM).post("/api/subscriptions", webhookOn(taskForceId));

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(json(created.body()).get("agencyId").asString()).isEqualTo(HOUSTON);
        }

        @Test
        void refusesABodyNamingAnotherAgency() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            agreementInForce(DALLAS, taskForceId);

            HttpResponse<String> refused = as(HOUSTON_ADMIN).post("/api/subscriptions", """
                    {"agencyId": "dallas-pd", "scope": {"taskForceId": "%s"}, "channel": {"type": "EMAIL", "address": "desk@dpd.example.gov"}}
                    """.formatted(taskForceId));

            assertProblem(refused, 403, "agencyId");
        }

        @Test
        void isForAgencyAdministratorsAndSystemsOnly() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);

            assertThat(as(GARZA)
                            .post("/api/subscriptions", webhookOn(taskForceId))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(as(ADMIN)
                            .post("/api/subscriptions", webhookOn(taskForceId))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(as(null).post("/api/subscriptions", webhookOn(taskForceId))
                            .statusCode())
                    .isEqualTo(401);
        }

        @Test
        void toATaskForceNeedsAnAgreementInForce() throws Exception {
            String suspended = unique("tf");
            agreementNow(HOUSTON, suspended, AgreementStatus.SUSPENDED);
            String active = unique("tf");
            agreementInForce(HOUSTON, active);

            assertProblem(as(HOUSTON_ADMIN).post("/api/subscriptions", webhookOn(suspended)), 403, "scope.taskForceId");
            assertProblem(
                    as(HOUSTON_ADMIN).post("/api/subscriptions", webhookOn(unique("tf"))), 403, "scope.taskForceId");
            assertThat(as(HOUSTON_ADMIN)
                            .post("/api/subscriptions", webhookOn(active))
                            .statusCode())
                    .isEqualTo(201);
        }

        @Test
        void toACaseNeedsThatTheAgencyMayReadItAndAnswersAsMissingOtherwise() throws Exception {
            String readable = unique("case");
            String readableTaskForce = unique("tf");
            agreementInForce(HOUSTON, readableTaskForce);
            caseKnown(readable, readableTaskForce);
            String outside = unique("case");
            caseKnown(outside, unique("tf"));
            String unknown = unique("case");

            assertThat(as(HOUSTON_ADMIN)
                            .post("/api/subscriptions", emailOnCase(readable))
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<String> outsideAnswer = as(HOUSTON_ADMIN).post("/api/subscriptions", emailOnCase(outside));
            HttpResponse<String> unknownAnswer = as(HOUSTON_ADMIN).post("/api/subscriptions", emailOnCase(unknown));
            assertProblem(outsideAnswer, 404, "scope.caseId");
            assertProblem(unknownAnswer, 404, "scope.caseId");
            assertThat(json(outsideAnswer.body()).get("detail").asString()).isEqualTo("no case with id " + outside);
            assertThat(json(unknownAnswer.body()).get("detail").asString()).isEqualTo("no case with id " + unknown);
        }

        @Test
        void toAnInboxNeedsAMemberOfTheAgency() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String houstonAnalyst = unique("analyst");
            memberKnown(houstonAnalyst, "Rita Analyst", null, taskForceId);

            assertThat(as(HOUSTON_ADMIN)
                            .post("/api/subscriptions", inboxOn(taskForceId, houstonAnalyst))
                            .statusCode())
                    .isEqualTo(201);
            assertProblem(
                    as(HOUSTON_ADMIN).post("/api/subscriptions", inboxOn(taskForceId, "dpd-officer-lee")),
                    403,
                    "channel.memberId");
        }

        /** Issue 13, item 2: an inbox of the agency's own member, but one of another task force, is refused. */
        @Test
        void toAnInboxNeedsAMemberWhoMayReadTheSubscribedTaskForceOrCase() throws Exception {
            String cetf = unique("cetf");
            agreementInForce(HOUSTON, cetf);
            String cetfCase = unique("case");
            caseKnown(cetfCase, cetf);
            String houstonOnly = unique("officer");
            memberKnown(houstonOnly, "Bo Bestonly", null, unique("best"));

            HttpResponse<String> onTaskForce = as(HOUSTON_ADMIN).post("/api/subscriptions", inboxOn(cetf, houstonOnly));
            HttpResponse<String> onCase =
                    as(HOUSTON_ADMIN).post("/api/subscriptions", """
                    {"scope": {"caseId": "%s"}, "channel": {"type": "INBOX", "memberId": "%s"}}
                    """.formatted(cetfCase, houstonOnly));

            assertProblem(onTaskForce, 403, "channel.memberId");
            assertThat(json(onTaskForce.body()).get("detail").asString())
                    .isEqualTo("member " + houstonOnly
                            + " is not a member of the task force of the subscribed task force and may not read its"
                            + " cases");
            assertProblem(onCase, 403, "channel.memberId");
            assertThat(as(HOUSTON_ADMIN).getJson("/api/subscriptions"))
                    .extracting(subscription ->
                            subscription.path("channel").path("memberId").asString())
                    .doesNotContain(houstonOnly);
        }
    }

    @Nested
    class ReadingSubscriptions {

        @Test
        void listsOnlyTheCallersAgencyWhateverTheFilterSays() throws Exception {
            JsonNode houston = as(HOUSTON_ADMIN).getJson("/api/subscriptions");
            assertThat(houston).extracting(s -> s.get("id").asString()).contains(houstonSubscriptionId);
            assertThat(houston)
                    .allSatisfy(s -> assertThat(s.get("agencyId").asString()).isEqualTo(HOUSTON));

            assertThat(as(DALLAS_ADMIN).getJson("/api/subscriptions?agencyId=houston-pd"))
                    .isEmpty();
            assertThat(as(DALLAS_ADMIN).getJson("/api/subscriptions"))
                    .extracting(s -> s.get("id").asString())
                    .doesNotContain(houstonSubscriptionId);
        }

        @Test
        void letAnAdministratorSeeEveryAgency() throws Exception {
            assertThat(as(ADMIN).getJson("/api/subscriptions?agencyId=houston-pd"))
                    .extracting(s -> s.get("id").asString())
                    .contains(houstonSubscriptionId);
            assertThat(as(ADMIN).getJson("/api/subscriptions"))
                    .extracting(s -> s.get("id").asString())
                    .contains(houstonSubscriptionId);
        }

        @Test
        void answerAnotherAgencysSubscriptionExactlyLikeAMissingOne() throws Exception {
            String missing = unique("subscription");
            HttpResponse<String> foreign = as(DALLAS_ADMIN).get("/api/subscriptions/" + houstonSubscriptionId);
            HttpResponse<String> absent = as(DALLAS_ADMIN).get("/api/subscriptions/" + missing);

            assertThat(foreign.statusCode()).isEqualTo(404);
            assertThat(absent.statusCode()).isEqualTo(404);
            assertThat(json(foreign.body()).get("detail").asString())
                    .isEqualTo("no subscription with id " + houstonSubscriptionId);
            assertThat(json(absent.body()).get("detail").asString()).isEqualTo("no subscription with id " + missing);
            assertThat(fieldNames(json(foreign.body()))).isEqualTo(fieldNames(json(absent.body())));
        }

        @Test
        void canBeRemovedByAnAdministratorButNotByAnotherAgency() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String id = subscribeWebhook(taskForceId, "https://hooks.houston.example.gov/other")
                    .get("id")
                    .asString();

            assertThat(as(DALLAS_ADMIN).delete("/api/subscriptions/" + id).statusCode())
                    .isEqualTo(404);
            assertThat(as(HOUSTON_ADMIN).get("/api/subscriptions/" + id).statusCode())
                    .isEqualTo(200);
            assertThat(as(ADMIN).delete("/api/subscriptions/" + id).statusCode())
                    .isEqualTo(204);
            assertThat(as(HOUSTON_ADMIN).get("/api/subscriptions/" + id).statusCode())
                    .isEqualTo(404);
        }
    }

    @Nested
    class Deliveries {

        @Test
        void areListedForTheSubscribingAgencyAndNobodyElse() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String subscriptionId =
                    subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            String path = "/api/deliveries?subscriptionId=" + subscriptionId;

            await().atMost(PATIENCE).until(() -> as(HOUSTON_ADMIN).getJson(path).size() == 1);
            assertThat(as(ADMIN).getJson(path)).hasSize(1);
            assertThat(as(DALLAS_ADMIN).getJson(path)).isEmpty();
        }
    }

    @Nested
    class Inboxes {

        @Test
        void areReadByTheirMemberOnlyAndAnswerAsMissingToAnyoneElse() throws Exception {
            String memberId = unique("member");
            String taskForceId = unique("tf");
            memberKnown(memberId, "Dana Scott", null, taskForceId);
            produce(caseAssigned(unique("case"), caseNumber(), taskForceId, memberId));
            String notificationId = awaitInbox(memberId, 1).get(0).get("id").asString();
            String inbox = "/api/members/" + memberId + "/notifications";
            String colleague = memberToken(unique("member"), taskForceId);

            assertThat(as(colleague).get(inbox).statusCode()).isEqualTo(404);
            assertThat(as(ADMIN).get(inbox).statusCode()).isEqualTo(404);
            HttpResponse<String> foreignRead = as(colleague).post(inbox + "/" + notificationId + "/read", "");
            assertThat(foreignRead.statusCode()).isEqualTo(404);
            assertThat(json(foreignRead.body()).get("detail").asString())
                    .isEqualTo("no notification with id " + notificationId);
            assertThat(as(colleague).get(inbox + "/stream").statusCode()).isEqualTo(404);
            HttpResponse<String> foreignStream = http.send(
                    HttpRequest.newBuilder(uri(inbox + "/stream"))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + colleague)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreignStream.statusCode())
                    .as("as an EventSource asks for it")
                    .isEqualTo(404);
            assertThat(streams.openStreams(memberId)).isZero();
            assertThat(as(memberToken(memberId, taskForceId)).getJson(inbox + "?unread=true"))
                    .as("the refused read marked nothing")
                    .hasSize(1);
        }
    }

    @Nested
    class DeliveryAtSendTime {

        @Test
        void stopsWebhooksOfAnAgencyWhoseAgreementIsSuspendedWhileOthersStillReceive() throws Exception {
            WebhookReceiver houstonReceiver = closeAfter(WebhookReceiver.answering());
            WebhookReceiver dallasReceiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            agreementInForce(DALLAS, taskForceId);
            String houstonSubscription = subscribeWebhook(taskForceId, houstonReceiver.url())
                    .get("id")
                    .asString();
            HttpResponse<String> dallas =
                    as(DALLAS_ADMIN).post("/api/subscriptions", """
                    {"scope": {"taskForceId": "%s"}, "channel": {"type": "WEBHOOK", "url": "%s"}}
                    """.formatted(taskForceId, dallasReceiver.url()));
            assertThat(dallas.statusCode()).as(dallas.body()).isEqualTo(201);

            agreementNow(HOUSTON, taskForceId, AgreementStatus.SUSPENDED);
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));

            await().atMost(PATIENCE).until(() -> dallasReceiver.received().size() == 1);
            assertThat(houstonReceiver.received()).isEmpty();
            assertThat(as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + houstonSubscription))
                    .as("nothing tells Houston that something happened")
                    .isEmpty();
        }

        @Test
        void suppressesARetryOnceTheAgreementIsNoLongerInForce() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering(500, 500, 500, 500, 500, 500));
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String subscriptionId =
                    subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            await().atMost(PATIENCE).until(() -> !receiver.received().isEmpty());

            agreementNow(HOUSTON, taskForceId, AgreementStatus.EXPIRED);

            JsonNode delivery = await().atMost(PATIENCE)
                    .until(
                            () -> as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId),
                            list -> list.size() == 1
                                    && "SUPPRESSED"
                                            .equals(list.get(0).get("status").asString()))
                    .get(0);
            JsonNode attempts = delivery.get("attempts");
            assertThat(attempts.get(attempts.size() - 1).get("error").asString())
                    .isEqualTo("the subscribing agency has no agreement in force with the case's task force");
            assertThat(receiver.received())
                    .as("the suppressed attempt sent nothing")
                    .hasSize(attempts.size() - 1);
            assertThat(receiver.received().size()).isLessThan(5);
        }

        @Test
        void stopsNotifyingAMemberWhoLeftTheTaskForce() throws Exception {
            String taskForceId = unique("tf");
            String leaver = unique("member");
            String stayer = unique("member");
            String leaverEmail = leaver + "@hpd.example.gov";
            memberKnown(leaver, "Lee Leaver", leaverEmail, taskForceId);
            memberKnown(stayer, "Sam Stayer", null, taskForceId);
            String caseId = unique("case");
            String caseNumber = caseNumber();
            produce(caseAssigned(caseId, caseNumber, taskForceId, leaver));
            awaitInbox(leaver, 1);

            memberKnown(leaver, "Lee Leaver", leaverEmail);
            var afterLeaving = caseAssigned(unique("case"), caseNumber(), taskForceId, leaver);
            produce(afterLeaving);
            // same case key as the leaver's assignment: processed after it
            produce(caseAssigned(afterLeaving.subject(), caseNumber(), taskForceId, stayer));
            awaitInbox(stayer, 1);

            assertThat(as(memberToken(leaver, taskForceId)).getJson("/api/members/" + leaver + "/notifications"))
                    .hasSize(1);
            assertThat(mongo.getCollection("deliveries")
                            .find(new Document("memberId", leaver).append("eventId", afterLeaving.id()))
                            .first())
                    .as("no e-mail is even queued")
                    .isNull();
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(mailsTo(leaverEmail))
                            .extracting(NotificationServiceTestBase::subject)
                            .containsExactly("Assigned to " + caseNumber + " as LEAD"));
        }

        @Test
        void stopsAnAgencysInboxSubscriptionForAMemberWhoMovedToAnotherAgency() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String mover = unique("analyst");
            String stayer = unique("analyst");
            memberKnown(mover, "Max Mover", null, taskForceId);
            memberKnown(stayer, "Stella Stayer", null, taskForceId);
            for (String analyst : List.of(mover, stayer)) {
                HttpResponse<String> created =
                        as(HOUSTON_ADMIN).post("/api/subscriptions", inboxOn(taskForceId, analyst));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            String caseId = unique("case");
            produce(statusChanged(caseId, taskForceId, Instant.now().plusMillis(5)));
            awaitInbox(mover, 1);
            awaitInbox(stayer, 1);

            memberOf(DALLAS, mover, "Max Mover", null, taskForceId);
            produce(statusChanged(caseId, taskForceId, Instant.now().plusMillis(5)));

            awaitInbox(stayer, 2);
            assertThat(as(memberToken(mover)).getJson("/api/members/" + mover + "/notifications"))
                    .hasSize(1);
        }

        /** Issue 13, item 2: checked at every send, so a member who moved to another task force hears no more. */
        @Test
        void stopsAnInboxSubscriptionForAMemberWhoMovedToAnotherTaskForce() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String mover = unique("analyst");
            String stayer = unique("analyst");
            memberKnown(mover, "Mo Mover", null, taskForceId);
            memberKnown(stayer, "Stan Stayer", null, taskForceId);
            for (String analyst : List.of(mover, stayer)) {
                HttpResponse<String> created =
                        as(HOUSTON_ADMIN).post("/api/subscriptions", inboxOn(taskForceId, analyst));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            String caseId = unique("case");
            produce(statusChanged(caseId, taskForceId, Instant.now().plusMillis(5)));
            awaitInbox(mover, 1);
            awaitInbox(stayer, 1);

            memberKnown(mover, "Mo Mover", null, unique("best-houston"));
            produce(statusChanged(caseId, taskForceId, Instant.now().plusMillis(5)));

            awaitInbox(stayer, 2);
            assertThat(as(memberToken(mover)).getJson("/api/members/" + mover + "/notifications"))
                    .hasSize(1);
        }

        /**
         * An e-mail queued while the member was not in the directory yet waits for the entry, and is then
         * suppressed because the entry does not list the case's task force.
         */
        @Test
        void suppressesAQueuedEmailOnceTheDirectorySaysTheMemberIsNotInTheTaskForce() throws Exception {
            String taskForceId = unique("tf");
            String memberId = unique("member");
            var assigned = caseAssigned(unique("case"), caseNumber(), taskForceId, memberId);
            produce(assigned);
            Document waiting = await().atMost(PATIENCE)
                    .until(
                            () -> emailOf(memberId, assigned.id()),
                            found -> found != null && "FAILED".equals(found.getString("status")));
            assertThat(waiting.getList("attempts", Document.class).get(0).getString("error"))
                    .contains("not in the directory yet");

            memberKnown(memberId, "Noel Elsewhere", memberId + "@hpd.example.gov", unique("tf"));

            Document suppressed = await().atMost(PATIENCE)
                    .until(
                            () -> emailOf(memberId, assigned.id()),
                            found -> "SUPPRESSED".equals(found.getString("status")));
            List<Document> attempts = suppressed.getList("attempts", Document.class);
            assertThat(attempts.get(attempts.size() - 1).getString("error"))
                    .isEqualTo("the member is no longer in the case's task force");
            assertThat(mailsTo(memberId + "@hpd.example.gov")).isEmpty();
        }
    }

    private Document emailOf(String memberId, String eventId) {
        return mongo.getCollection("deliveries")
                .find(new Document("memberId", memberId).append("eventId", eventId))
                .first();
    }

    private static String webhookOn(String taskForceId) {
        return """
                {"scope": {"taskForceId": "%s"}, "channel": {"type": "WEBHOOK", "url": "https://hooks.example.gov/tf"}}
                """.formatted(taskForceId);
    }

    private static String emailOnCase(String caseId) {
        return """
                {"scope": {"caseId": "%s"}, "channel": {"type": "EMAIL", "address": "desk@hpd.example.gov"}}
                """.formatted(caseId);
    }

    private static String inboxOn(String taskForceId, String memberId) {
        return """
                {"scope": {"taskForceId": "%s"}, "channel": {"type": "INBOX", "memberId": "%s"}}
                """.formatted(taskForceId, memberId);
    }

    private void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response.body()).get("field").asString())
                .as(response.body())
                .isEqualTo(field);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>(node.propertyNames());
        names.sort(String::compareTo);
        return names;
    }
}
