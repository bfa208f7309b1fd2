package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.cases.OperationConflictFound;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.lead.IdentifierType;
import taskforce.infra.TestTokens;
import tools.jackson.databind.JsonNode;

/** The service against the embedded Kafka broker and mongo-java-server shared by every test of the JVM. */
class NotificationServiceIntegrationTest extends EmbeddedInfrastructureTestBase {

    @Nested
    class AssignedMembers {

        @Test
        void getAnInboxEntryALivePushAndAnEmail() throws Exception {
            assignedMemberIsNotifiedInInboxStreamAndEmail();
        }

        @Test
        void getTheirEmailEvenWhenTheirDirectoryEntryArrivesAfterTheAssignment() throws Exception {
            memberWhoReachesTheDirectoryLateStillGetsTheEmail();
        }

        @Test
        void areNotifiedOnceWhenTheSameEventArrivesTwice() throws Exception {
            redeliveredAssignmentNotifiesOnce();
        }

        @Test
        void pageTheirInboxCountItByCaseAndMarkAllReadWithTheUnreadCountFollowing() throws Exception {
            String memberId = unique("member");
            String taskForceId = unique("tf");
            String busyCase = unique("case");
            String quietCase = unique("case");
            memberKnown(memberId, "Lena Ortiz", null, taskForceId);
            Client owner = as(memberToken(memberId, taskForceId));
            String inbox = "/api/members/" + memberId + "/notifications";
            assertThat(owner.getJson(inbox + "/unread-count").get("unread").asLong())
                    .isZero();
            produce(caseAssigned(busyCase, "BEST-HOU-FY27-000001", taskForceId, memberId));
            produce(caseAssigned(busyCase, "BEST-HOU-FY27-000001", taskForceId, memberId));
            produce(caseAssigned(quietCase, "BEST-HOU-FY27-000002", taskForceId, memberId));
            awaitInbox(memberId, 3);
            assertThat(owner.getJson(inbox + "/unread-count").get("unread").asLong())
                    .isEqualTo(3);

            JsonNode firstPage = owner.getJson(inbox + "/page?size=2");
            assertThat(firstPage.get("content")).hasSize(2);
            assertThat(firstPage.get("totalElements").asLong()).isEqualTo(3);
            assertThat(owner.getJson(inbox + "/page?size=2&page=1").get("content"))
                    .hasSize(1);
            assertThat(owner.getJson(inbox + "/page?caseId=" + busyCase)
                            .get("totalElements")
                            .asLong())
                    .isEqualTo(2);
            JsonNode byCase = owner.getJson(inbox + "/by-case");
            assertThat(byCase).hasSize(2);
            long busyUnread = -1;
            for (JsonNode group : byCase) {
                if (group.get("caseId").asString().equals(busyCase)) {
                    busyUnread = group.get("unread").asLong();
                }
            }
            assertThat(busyUnread).isEqualTo(2);

            HttpResponse<String> marked = owner.post(inbox + "/read-all?caseId=" + busyCase, "");
            assertThat(marked.statusCode()).isEqualTo(200);
            assertThat(json(marked.body()).get("marked").asLong()).isEqualTo(2);
            assertThat(owner.getJson(inbox + "/unread-count").get("unread").asLong())
                    .isEqualTo(1);
            assertThat(owner.getJson(inbox + "/page?unread=true").get("content"))
                    .hasSize(1);
            owner.post(inbox + "/read-all", "");
            assertThat(owner.getJson(inbox + "/unread-count").get("unread").asLong())
                    .isZero();
            assertThat(owner.getJson(inbox + "/page").get("totalElements").asLong())
                    .isEqualTo(3);
        }

        @Test
        void refuseAPageLargerThanFiftyNamingTheParameter() throws Exception {
            String memberId = unique("member");
            String taskForceId = unique("tf");
            HttpResponse<String> refused = as(memberToken(memberId, taskForceId))
                    .get("/api/members/" + memberId + "/notifications/page?size=51");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("size");
        }

        @Test
        void markNotificationsRead() throws Exception {
            String memberId = unique("member");
            String taskForceId = unique("tf");
            memberKnown(memberId, "Lena Ortiz", null, taskForceId);
            produce(caseAssigned(unique("case"), caseNumber(), taskForceId, memberId));
            String notificationId = awaitInbox(memberId, 1).get(0).get("id").asString();
            Client owner = as(memberToken(memberId, taskForceId));
            // the read mark is the service clock's time, not the system's: ten minutes apart tells them apart
            CLOCK.moveOn(Duration.ofMinutes(10));
            HttpResponse<String> read;
            Instant readFrom;
            Instant readUntil;
            try {
                readFrom = CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
                read = owner.post("/api/members/" + memberId + "/notifications/" + notificationId + "/read", "");
                readUntil = CLOCK.instant();
            } finally {
                clockBack();
            }

            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(Instant.parse(json(read.body()).get("readAt").asString()))
                    .isBetween(readFrom, readUntil);
            assertThat(owner.getJson("/api/members/" + memberId + "/notifications?unread=true"))
                    .isEmpty();
            assertThat(owner.getJson("/api/members/" + memberId + "/notifications?unread=false"))
                    .hasSize(1);
        }

        @Test
        void coordinatorsHearOfADeconflictionHitAsAPointerToTheOtherCaseOnly() throws Exception {
            String taskForceId = unique("tf");
            String coordinator = unique("coordinator");
            String member = unique("member");
            memberOf(
                    HOUSTON,
                    coordinator,
                    MemberRole.COORDINATOR,
                    "Elena Ramirez",
                    "elena@houston-pd.example.gov",
                    taskForceId);
            memberKnown(member, "Miguel Garza", null, taskForceId);
            String caseId = unique("case");
            String number = caseNumber();
            produce(codec.wrap(
                    EventTypes.CASE_DECONFLICTION_HIT,
                    CASE_SERVICE,
                    caseId,
                    Instant.now(),
                    new DeconflictionHitFound(
                            unique("hit"),
                            caseId,
                            number,
                            taskForceId,
                            "GANG-LOS-FY27-000007",
                            "gang-los-angeles",
                            "gang-coordinator-okafor",
                            IdentifierType.PHONE,
                            Instant.now())));

            JsonNode inbox = awaitInbox(coordinator, 1);
            assertThat(titles(inbox))
                    .containsExactly(
                            "Deconfliction: " + number
                                    + " shares a phone with GANG-LOS-FY27-000007 of gang-los-angeles; contact gang-coordinator-okafor");
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(mailsTo("elena@houston-pd.example.gov"))
                            .extracting(NotificationServiceTestBase::subject)
                            .containsExactly(titles(inbox).get(0)));
            assertThat(as(memberToken(member, taskForceId)).getJson("/api/members/" + member + "/notifications"))
                    .as("members who do not coordinate are not told")
                    .isEmpty();
        }

        @Test
        void coordinatorsHearOfAnOperationConflictWithWhomToCallAndWhenOnly() throws Exception {
            String taskForceId = unique("tf");
            String coordinator = unique("coordinator");
            memberOf(
                    HOUSTON,
                    coordinator,
                    MemberRole.COORDINATOR,
                    "Elena Ramirez",
                    "elena.ops@houston-pd.example.gov",
                    taskForceId);
            String caseId = unique("case");
            String number = caseNumber();
            produce(codec.wrap(
                    EventTypes.CASE_OPERATION_CONFLICT,
                    CASE_SERVICE,
                    caseId,
                    Instant.now(),
                    new OperationConflictFound(
                            unique("conflict"),
                            caseId,
                            number,
                            taskForceId,
                            unique("op"),
                            unique("op"),
                            "gang-los-angeles",
                            "gang-coordinator-okafor",
                            "Det. Okafor",
                            "+12135550199",
                            Instant.parse("2026-11-28T04:00:00Z"),
                            Instant.parse("2026-11-28T06:00:00Z"),
                            Instant.now())));

            JsonNode inbox = awaitInbox(coordinator, 1);
            assertThat(titles(inbox))
                    .containsExactly("Operation conflict: " + number
                            + " plans an operation overlapping one of gang-los-angeles from 2026-11-28T04:00:00Z"
                            + " to 2026-11-28T06:00:00Z; call Det. Okafor at +12135550199 or gang-coordinator-okafor");
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(mailsTo("elena.ops@houston-pd.example.gov"))
                            .extracting(NotificationServiceTestBase::subject)
                            .containsExactly(titles(inbox).get(0)));
        }

        @Test
        void cannotReadAnotherMembersNotificationThroughTheirOwnInbox() throws Exception {
            String memberId = unique("member");
            String taskForceId = unique("tf");
            memberKnown(memberId, "Omar Haddad", null, taskForceId);
            produce(caseAssigned(unique("case"), caseNumber(), taskForceId, memberId));
            String notificationId = awaitInbox(memberId, 1).get(0).get("id").asString();

            HttpResponse<String> read = as(memberToken("someone-else", taskForceId))
                    .post("/api/members/someone-else/notifications/" + notificationId + "/read", "");

            assertThat(read.statusCode()).isEqualTo(404);
            assertThat(read.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Nested
    class Webhooks {

        @Test
        void receiveLaterCaseEventsSignedAndRecorded() throws Exception {
            webhookSubscriberReceivesSignedLaterEvents();
        }

        @Test
        void areRetriedWithTheSameWebhookIdUntilTheReceiverAccepts() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering(500));
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            JsonNode subscription = subscribeWebhook(taskForceId, receiver.url());
            String secret = subscription.get("channel").get("secret").asString();

            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));

            String subscriptionId = subscription.get("id").asString();
            JsonNode delivery = await().atMost(PATIENCE)
                    .until(
                            () -> as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId),
                            list -> list.size() == 1
                                    && "SUCCEEDED"
                                            .equals(list.get(0).get("status").asString()))
                    .get(0);
            assertThat(receiver.received()).hasSize(2);
            assertThat(receiver.received())
                    .extracting(WebhookReceiver.Received::id)
                    .containsOnly(delivery.get("id").asString());
            assertThat(receiver.received())
                    .allSatisfy(request -> assertThat(StandardWebhooksVerifier.verify(
                                    secret, request.id(), request.timestamp(), request.signature(), request.body()))
                            .isTrue());
            JsonNode attempts = delivery.get("attempts");
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(500);
            assertThat(attempts.get(0).get("error").asString()).contains("500");
            assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(200);
        }

        @Test
        void areGivenUpAfterTheLastRetry() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering(503, 503, 503, 503, 503, 503));
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            JsonNode subscription = subscribeWebhook(taskForceId, receiver.url());

            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));

            String subscriptionId = subscription.get("id").asString();
            JsonNode delivery = await().atMost(PATIENCE)
                    .until(
                            () -> as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId),
                            list -> list.size() == 1
                                    && "DEAD".equals(list.get(0).get("status").asString()))
                    .get(0);
            assertThat(delivery.get("attempts")).hasSize(5);
            assertThat(receiver.received()).hasSize(5);
        }

        @Test
        void aDeadDeliveryIsSentAgainByAnAdministratorUnderTheSameWebhookId() throws Exception {
            // five failures make it DEAD; the receiver is fixed before the replay
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering(503, 503, 503, 503, 503, 204));
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String subscriptionId =
                    subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            String deliveryId = await().atMost(PATIENCE)
                    .until(
                            () -> as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId),
                            list -> list.size() == 1
                                    && "DEAD".equals(list.get(0).get("status").asString()))
                    .get(0)
                    .get("id")
                    .asString();

            assertThat(as(HOUSTON_ADMIN)
                            .post("/api/deliveries/" + deliveryId + "/replay", "")
                            .statusCode())
                    .as("only an administrator replays")
                    .isEqualTo(403);
            HttpResponse<String> replay = as(ADMIN).post("/api/deliveries/" + deliveryId + "/replay", "");
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            assertThat(json(replay.body()).get("status").asString()).isEqualTo("SCHEDULED");

            JsonNode delivered = await().atMost(PATIENCE)
                    .until(
                            () -> as(HOUSTON_ADMIN)
                                    .getJson("/api/deliveries?subscriptionId=" + subscriptionId)
                                    .get(0),
                            d -> "SUCCEEDED".equals(d.get("status").asString()));
            assertThat(delivered.get("attempts")).hasSize(6);
            assertThat(receiver.received())
                    .extracting(WebhookReceiver.Received::id)
                    .as("the receiver sees one webhook id, however often it was sent")
                    .hasSize(6)
                    .containsOnly(deliveryId);
            assertThat(as(ADMIN)
                            .post("/api/deliveries/no-such-delivery/replay", "")
                            .statusCode())
                    .isEqualTo(404);
        }

        @Test
        void everyDeliveryOfASubscriptionSinceATimeIsSentAgainForAReceiverThatLostThem() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String subscriptionId =
                    subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
            Instant since = Instant.now();
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            await().atMost(PATIENCE).until(() -> receiver.received().size() == 2);
            await().atMost(PATIENCE)
                    .until(
                            () -> as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId),
                            list -> list.size() == 2
                                    && list.valueStream()
                                            .allMatch(d -> "SUCCEEDED"
                                                    .equals(d.get("status").asString())));
            List<String> firstIds = receiver.received().stream()
                    .map(WebhookReceiver.Received::id)
                    .toList();

            HttpResponse<String> replay = as(ADMIN)
                    .post(
                            "/api/deliveries/replay?subscriptionId=" + subscriptionId + "&since="
                                    + since.minusSeconds(1),
                            "");

            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            assertThat(json(replay.body()).get("scheduled")).hasSize(2);
            await().atMost(PATIENCE).until(() -> receiver.received().size() == 4);
            assertThat(receiver.received().subList(2, 4))
                    .extracting(WebhookReceiver.Received::id)
                    .as("the same webhook ids again, which the receiver can drop or re-apply")
                    .containsExactlyInAnyOrderElementsOf(firstIds);
            assertThat(as(HOUSTON_ADMIN)
                            .post("/api/deliveries/replay?subscriptionId=" + subscriptionId + "&since=" + since, "")
                            .statusCode())
                    .isEqualTo(403);
        }

        @Test
        void disableTheSubscriptionWhenTheReceiverIsGone() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering(410));
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            JsonNode subscription = subscribeWebhook(taskForceId, receiver.url());
            String subscriptionId = subscription.get("id").asString();

            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));

            JsonNode disabled = await().atMost(PATIENCE)
                    .until(
                            () -> as(HOUSTON_ADMIN).getJson("/api/subscriptions/" + subscriptionId),
                            s -> "DISABLED".equals(s.get("status").asString()));
            assertThat(disabled.get("disabledReason").asString()).contains("410");
            assertThat(as(HOUSTON_ADMIN)
                            .getJson("/api/deliveries?subscriptionId=" + subscriptionId)
                            .get(0)
                            .get("status")
                            .asString())
                    .isEqualTo("DEAD");
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Nested
    class OtherChannels {

        @Test
        void emailSubscribersGetEveryLaterEventOfTheirCase() throws Exception {
            String caseId = unique("case");
            String taskForceId = unique("tf");
            agreementInForce("texas-dps", taskForceId);
            caseKnown(caseId, taskForceId);
            String address = unique("desk") + "@dps.example.gov";
            // a directory address of the agency's, so the subscription needs no verification
            memberOf("texas-dps", unique("desk"), "DPS Desk", address);
            HttpResponse<String> created =
                    as(TestTokens.agencyAdmin("texas-dps")).post("/api/subscriptions", """
                    {"agencyId": "texas-dps", "scope": {"caseId": "%s"}, "channel": {"type": "EMAIL", "address": "%s"}}
                    """.formatted(caseId, address));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            Instant now = Instant.now().plusMillis(5);
            produce(event(
                    EventTypes.CASE_NOTE_ADDED,
                    caseId,
                    now,
                    new CaseNoteAdded(
                            caseId, "GANG-LAX-FY27-000007", taskForceId, "n1", "surveillance done", "m1", now)));

            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(mailsTo(address))
                            .extracting(NotificationServiceTestBase::subject)
                            .as("the thin form: texas-dps has no member on the case and no lead in it")
                            .containsExactly("Case GANG-LAX-FY27-000007: case.note-added.v1"));
            assertThat(DisseminationTest.raw(mailsTo(address).get(0))).doesNotContain("surveillance done");
        }

        @Test
        void inboxSubscribersGetAnEntryPerLaterEvent() throws Exception {
            String taskForceId = unique("tf");
            String memberId = unique("analyst");
            agreementInForce(HOUSTON, taskForceId);
            memberKnown(memberId, "Rita Analyst", null, taskForceId);
            HttpResponse<String> created =
                    as(HOUSTON_ADMIN).post("/api/subscriptions", """
                    {"scope": {"taskForceId": "%s"}, "channel": {"type": "INBOX", "memberId": "%s"}}
                    """.formatted(taskForceId, memberId));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));

            JsonNode inbox = awaitInbox(memberId, 1);
            assertThat(inbox.get(0).get("eventType").asString()).isEqualTo("case.status-changed.v1");
            assertThat(inbox.get(0).get("title").asString()).endsWith("moved from ASSIGNED to ACTIVE");
        }
    }

    @Nested
    class Subscriptions {

        @Test
        void showTheSecretOnlyWhenCreated() throws Exception {
            String agencyId = unique("agency");
            String caseId = unique("case");
            String taskForceId = unique("tf");
            agreementInForce(agencyId, taskForceId);
            caseKnown(caseId, taskForceId);
            Client agencyAdmin = as(TestTokens.agencyAdmin(agencyId));
            HttpResponse<String> created = agencyAdmin.post("/api/subscriptions", """
                    {"agencyId": "%s", "scope": {"caseId": "%s"}, "channel": {"type": "WEBHOOK", "url": "https://hooks.example.gov/tf"}}
                    """.formatted(agencyId, caseId));

            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode subscription = json(created.body());
            assertThat(created.headers().firstValue("Location"))
                    .hasValue("/api/subscriptions/" + subscription.get("id").asString());
            assertThat(subscription.get("channel").get("secret").asString()).startsWith("whsec_");

            JsonNode listed = agencyAdmin.getJson("/api/subscriptions?agencyId=" + agencyId);
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("channel").has("secret")).isFalse();
            assertThat(listed.get(0).get("channel").get("url").asString()).isEqualTo("https://hooks.example.gov/tf");
        }

        @Test
        void keepTheSecretEncryptedInTheDatabase() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            JsonNode subscription = subscribeWebhook(taskForceId, receiver.url());
            String secret = subscription.get("channel").get("secret").asString();

            org.bson.Document stored = mongo.getCollection("subscriptions")
                    .find(new org.bson.Document("_id", subscription.get("id").asString()))
                    .first();
            String storedSecret = stored.get("channel", org.bson.Document.class).getString("secret");
            assertThat(storedSecret).startsWith("v1:").isNotEqualTo(secret);
            assertThat(stored.toJson()).doesNotContain(secret.substring("whsec_".length()));

            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received request = receiver.received().get(0);
            assertThat(StandardWebhooksVerifier.verify(
                            secret, request.id(), request.timestamp(), request.signature(), request.body()))
                    .as("signed with the secret the agency was given")
                    .isTrue();
        }

        @Test
        void keepAGivenSecret() throws Exception {
            String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            HttpResponse<String> created =
                    as(HOUSTON_ADMIN).post("/api/subscriptions", """
                    {"scope": {"taskForceId": "%s"}, "channel": {"type": "WEBHOOK", "url": "https://h.example.gov/", "secret": "%s"}}
                    """.formatted(taskForceId, secret));

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created.body()).get("channel").get("secret").asString())
                    .isEqualTo(secret);
        }

        @Test
        void refuseInvalidRequestsNamingTheField() throws Exception {
            assertField("""
                    {"scope": {"caseId": "c", "taskForceId": "t"}, "channel": {"type": "INBOX", "memberId": "m"}}
                    """, "scope");
            assertField("""
                    {"scope": {"caseId": "c"}, "channel": {"type": "WEBHOOK", "url": "ftp://x.example/h"}}
                    """, "channel.url");
            assertField("""
                    {"scope": {"caseId": "c"}, "channel": {"type": "WEBHOOK", "url": "https://x.example/h", "secret": "s3cret"}}
                    """, "channel.secret");
            assertField("""
                    {"scope": {"caseId": "c"}, "channel": {"type": "EMAIL", "address": "nobody"}}
                    """, "channel.address");
            assertField("""
                    {"scope": {"caseId": "c"}, "channel": {"type": "PIGEON"}}
                    """, "channel.type");
            assertField("""
                    {"scope": {"caseId": "c"}, "channel": {"type": "INBOX", "memberId": "m"}, "colour": "red"}
                    """, "colour");
        }

        @Test
        void surviveAnIndexEntryLeftByACreationThatFailedHalfway() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            // a creation that crashed after indexing its id and before storing the subscription
            mongo.upsert(
                    org.springframework.data.mongodb.core.query.Query.query(
                            org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                    .is("task-force:" + taskForceId)),
                    new org.springframework.data.mongodb.core.query.Update()
                            .addToSet("subscriptionIds", "never-stored"),
                    "subscription_scopes");
            subscribeWebhook(taskForceId, receiver.url());

            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));

            await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
        }

        @Test
        void refuseControlCharactersNamingTheField() throws Exception {
            assertField(
                    "{\"scope\": {\"taskForceId\": \"tf\"},"
                            + " \"channel\": {\"type\": \"INBOX\", \"memberId\": \"m\\u0000\"}}",
                    "channel.memberId");
        }

        @Test
        void refuseAWebhookIntoThePrivateNetworkNamingTheUrl() throws Exception {
            String body = "{\"scope\": {\"taskForceId\": \"tf\"},"
                    + " \"channel\": {\"type\": \"WEBHOOK\", \"url\": \"http://169.254.169.254/latest/meta-data\"}}";
            assertField(body, "channel.url");
        }

        @Test
        void canBeRemoved() throws Exception {
            String taskForceId = unique("tf");
            String memberId = unique("analyst");
            agreementInForce(HOUSTON, taskForceId);
            memberKnown(memberId, "Rita Analyst", null, taskForceId);
            HttpResponse<String> created =
                    as(HOUSTON_ADMIN).post("/api/subscriptions", """
                    {"scope": {"taskForceId": "%s"}, "channel": {"type": "INBOX", "memberId": "%s"}}
                    """.formatted(taskForceId, memberId));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = json(created.body()).get("id").asString();

            assertThat(as(HOUSTON_ADMIN).delete("/api/subscriptions/" + id).statusCode())
                    .isEqualTo(204);
            assertThat(as(HOUSTON_ADMIN).getJson("/api/subscriptions"))
                    .extracting(s -> s.get("id").asString())
                    .doesNotContain(id);
            assertThat(as(HOUSTON_ADMIN).delete("/api/subscriptions/" + id).statusCode())
                    .isEqualTo(404);
        }

        @Test
        void receiveNothingOnceRemoved() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String removedId =
                    subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
            String watcher = unique("analyst");
            memberKnown(watcher, "Rita Analyst", null, taskForceId);
            HttpResponse<String> kept =
                    as(HOUSTON_ADMIN).post("/api/subscriptions", """
                    {"scope": {"taskForceId": "%s"}, "channel": {"type": "INBOX", "memberId": "%s"}}
                    """.formatted(taskForceId, watcher));
            assertThat(kept.statusCode()).isEqualTo(201);
            assertThat(as(HOUSTON_ADMIN)
                            .delete("/api/subscriptions/" + removedId)
                            .statusCode())
                    .isEqualTo(204);

            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));

            awaitInbox(watcher, 1);
            assertThat(as(ADMIN).getJson("/api/deliveries?subscriptionId=" + removedId))
                    .isEmpty();
            assertThat(receiver.received()).isEmpty();
        }

        private void assertField(String body, String field) throws Exception {
            HttpResponse<String> response = as(HOUSTON_ADMIN).post("/api/subscriptions", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response.body()).get("field").asString())
                    .as(response.body())
                    .isEqualTo(field);
        }
    }

    @Nested
    class PoisonRecords {

        @Test
        void aCaseEventTypeThisServiceDoesNotKnowIsSkippedAndCountedWhileTheNextIsProcessed() throws Exception {
            String caseId = unique("case");
            String memberId = unique("member");
            String taskForceId = unique("tf");
            String type = "case.reopened-" + unique("t") + ".v1";
            memberKnown(memberId, "Ivy Chen", null, taskForceId);

            CloudEvent next = caseAssigned(caseId, caseNumber(), taskForceId, memberId);
            produce(Topics.CASES_NAME, caseId, ofUnknownType(next, type));
            produce(next);

            assertThat(awaitInbox(memberId, 1).get(0).get("caseId").asString()).isEqualTo(caseId);
            assertThat(skipped(Topics.CASES_NAME, type)).isEqualTo(1.0);
            assertThat(recordsNow(Topics.CASES.deadLetter(), caseId)).isEmpty();
        }

        @Test
        void aDirectoryEventTypeThisServiceDoesNotKnowIsSkippedAndCountedWhileTheNextIsProcessed() throws Exception {
            String memberId = unique("member");
            String type = "member.retired-" + unique("t") + ".v1";
            CloudEvent known = codec.wrap(
                    EventTypes.MEMBER_UPSERTED,
                    CASE_SERVICE,
                    memberId,
                    Instant.now(),
                    new MemberUpserted(memberId, "Ivy Chen", HOUSTON, null, List.of("tf"), MemberRole.MEMBER));
            produce(Topics.DIRECTORY_NAME, memberId, ofUnknownType(known, type));
            memberKnown(memberId, "Ivy Chen", null, unique("tf"));

            assertThat(skipped(Topics.DIRECTORY_NAME, type)).isEqualTo(1.0);
            assertThat(recordsNow(Topics.DIRECTORY.deadLetter(), memberId)).isEmpty();
        }

        @Test
        void aRecordOfAnotherTopicsTypeStillGoesToTheDeadLetterTopic() throws Exception {
            String memberId = unique("member");
            CloudEvent directoryEvent = codec.wrap(
                    EventTypes.MEMBER_UPSERTED,
                    CASE_SERVICE,
                    memberId,
                    Instant.now(),
                    new MemberUpserted(memberId, "Ivy Chen", HOUSTON, null, List.of("tf"), MemberRole.MEMBER));
            produce(Topics.CASES_NAME, memberId, codec.write(directoryEvent));

            assertThat(awaitRecord(Topics.CASES.deadLetter(), memberId).value()).isEqualTo(codec.write(directoryEvent));
        }

        @Test
        void goToTheDeadLetterTopicWhileTheNextEventIsProcessed() throws Exception {
            String caseId = unique("case");
            String memberId = unique("member");
            String taskForceId = unique("tf");
            memberKnown(memberId, "Ivy Chen", null, taskForceId);

            produce(Topics.CASES_NAME, caseId, "this is not a CloudEvent");
            CloudEvent next = caseAssigned(caseId, caseNumber(), taskForceId, memberId);
            produce(next);

            ConsumerRecord<String, String> dead = awaitRecord(Topics.CASES.deadLetter(), caseId);
            assertThat(dead.value()).isEqualTo("this is not a CloudEvent");
            assertThat(awaitInbox(memberId, 1).get(0).get("caseId").asString()).isEqualTo(caseId);
        }
    }
}
