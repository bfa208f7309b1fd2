package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.CaseReviewDue;
import taskforce.contracts.cases.CaseReviewed;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.infra.CommandRecorder;
import taskforce.infra.IndexCoverage;
import taskforce.platform.inbox.ProcessedEvents;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15: a purged case leaves nothing in this service's store but the audit trail, and its review events reach the
 * task force's coordinators.
 */
class CasePurgeTest extends EmbeddedInfrastructureTestBase {

    @Autowired
    CommandRecorder storeCommands;

    @Autowired
    ProcessedEvents processedEvents;

    @AfterEach
    void putTheClockBack() {
        clockBack();
    }

    /** A case with everything this service keeps of one: inbox entries, a stream, deliveries done and pending. */
    final class Story {
        final String tag = unique("purge");
        final String taskForceId = unique("tf");
        final String caseId = unique("case");
        final String caseNumber = "BEST-HOU-FY27-" + tag;
        final String leadId = unique("lead");
        final String memberId = unique("member");
        final String coordinatorId = unique("coordinator");
        final String title = "Title " + tag;
        final String subjectName = "Subject " + tag;
        final String noteText = "Note " + tag;
        final List<CloudEvent> events = new ArrayList<>();
        WebhookReceiver receiver;
        String subscriptionId;
        String caseSubscriptionId;

        /** What was sent or derived, by which the case could be found again. */
        List<String> traces() {
            return List.of(caseId, caseNumber, leadId, title, subjectName, noteText);
        }

        Story told() throws Exception {
            receiver = closeAfter(WebhookReceiver.answering());
            agreementInForce(HOUSTON, taskForceId);
            memberKnown(memberId, "Member " + tag, memberId + "@hpd.example.gov", taskForceId);
            memberOf(
                    HOUSTON,
                    coordinatorId,
                    MemberRole.COORDINATOR,
                    "Coordinator " + tag,
                    coordinatorId + "@hpd.example.gov",
                    taskForceId);
            subscriptionId =
                    subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
            Instant opened = Instant.now().plusMillis(5);
            produce(record(event(
                    EventTypes.CASE_OPENED,
                    caseId,
                    opened,
                    new CaseOpened(
                            caseId,
                            caseNumber,
                            taskForceId,
                            title,
                            Priority.ROUTINE,
                            leadId,
                            HOUSTON,
                            List.of(new Subject(subjectName, LocalDate.of(1988, 4, 2), SubjectRole.SUSPECT)),
                            List.of(),
                            opened))));
            await().atMost(PATIENCE).until(() -> mongo.findById(caseId, Document.class, "known_cases") != null);
            HttpResponse<String> caseSubscription =
                    as(HOUSTON_ADMIN).post("/api/subscriptions", """
                    {"scope": {"caseId": "%s"}, "channel": {"type": "INBOX", "memberId": "%s"}}
                    """.formatted(caseId, memberId));
            assertThat(caseSubscription.statusCode())
                    .as(caseSubscription.body())
                    .isEqualTo(201);
            caseSubscriptionId = json(caseSubscription.body()).get("id").asString();
            produce(record(caseAssigned(caseId, caseNumber, taskForceId, memberId)));
            produce(record(event(
                    EventTypes.CASE_NOTE_ADDED,
                    caseId,
                    Instant.now().plusMillis(5),
                    new CaseNoteAdded(
                            caseId, caseNumber, taskForceId, unique("note"), noteText, coordinatorId, Instant.now()))));
            produce(record(event(
                    EventTypes.CASE_REVIEW_DUE,
                    caseId,
                    Instant.now().plusMillis(5),
                    new CaseReviewDue(
                            caseId, caseNumber, taskForceId, Instant.now().plus(Duration.ofDays(30)), Instant.now()))));
            // the assignment, then the note and the reminder through the case's inbox subscription
            awaitInbox(memberId, 3);
            awaitInbox(coordinatorId, 1);
            await().atMost(PATIENCE).until(() -> receiver.received().size() >= 4);
            return this;
        }

        private CloudEvent record(CloudEvent event) {
            events.add(event);
            return event;
        }

        CloudEvent purge() throws Exception {
            CloudEvent purge = event(
                    EventTypes.CASE_PURGED,
                    caseId,
                    Instant.now().plusMillis(5),
                    new CasePurged(
                            caseId,
                            caseNumber,
                            taskForceId,
                            List.of(leadId),
                            PurgeCause.REVIEW_DECISION,
                            coordinatorId,
                            Instant.now()));
            produce(purge);
            await().atMost(PATIENCE).until(() -> processedEvents.isProcessed("notification-service.cases", purge.id()));
            return purge;
        }
    }

    /** Every document of every collection of the service's database, as JSON, by collection. */
    private Map<String, List<String>> everyDocument() {
        Map<String, List<String>> documents = new LinkedHashMap<>();
        for (String collection : mongo.getCollectionNames()) {
            List<String> json = new ArrayList<>();
            mongo.getCollection(collection).find().forEach(doc -> json.add(doc.toJson()));
            documents.put(collection, json);
        }
        return documents;
    }

    private static Map<String, List<String>> whereFound(Map<String, List<String>> documents, List<String> strings) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        documents.forEach((collection, json) -> json.stream()
                .filter(doc -> strings.stream().anyMatch(doc::contains))
                .forEach(doc -> found.computeIfAbsent(collection, c -> new ArrayList<>())
                        .add(doc)));
        return found;
    }

    private long unread(String memberId) throws Exception {
        return as(memberToken(memberId))
                .getJson("/api/members/" + memberId + "/notifications/unread-count")
                .get("unread")
                .asLong();
    }

    @Nested
    class Purge {

        @Test
        void leavesNothingOfTheCaseInAnyCollectionButTheAuditTrail() throws Exception {
            Story story = new Story().told();
            // another case of the member's, which stays: the unread count is counted down by the purged case's only
            String otherCase = unique("case");
            produce(caseAssigned(otherCase, caseNumber(), story.taskForceId, story.memberId));
            JsonNode inbox = awaitInbox(story.memberId, 4);
            String readOne = null;
            for (JsonNode entry : inbox) {
                if (entry.get("caseId").asString().equals(story.caseId)) {
                    readOne = entry.get("id").asString();
                }
            }
            HttpResponse<String> read = as(memberToken(story.memberId))
                    .post("/api/members/" + story.memberId + "/notifications/" + readOne + "/read", "");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(unread(story.memberId)).isEqualTo(3);
            assertThat(whereFound(everyDocument(), story.traces()).keySet())
                    .as("before the purge the store holds the case, so the search below can find it")
                    .contains(
                            "known_cases",
                            "notifications",
                            "member_streams",
                            "deliveries",
                            "subscriptions",
                            "subscription_scopes");
            // the case's four events and the other case's assignment
            await().atMost(PATIENCE)
                    .until(() -> as(HOUSTON_ADMIN)
                                    .getJson("/api/deliveries?subscriptionId=" + story.subscriptionId)
                                    .size()
                            == 5);

            storeCommands.clear();
            storeCommands.resume();
            try {
                story.purge();
            } finally {
                storeCommands.pause();
            }

            Map<String, List<String>> left = whereFound(everyDocument(), story.traces());
            assertThat(left.keySet()).as("the case's ids and content: %s", left).isSubsetOf("audit", "audit_pending");
            assertThat(unread(story.memberId)).as("the other case's entry").isEqualTo(1);
            assertThat(as(memberToken(story.memberId)).getJson("/api/members/" + story.memberId + "/notifications"))
                    .extracting(entry -> entry.get("caseId").asString())
                    .containsExactly(otherCase);
            assertThat(as(memberToken(story.coordinatorId))
                            .getJson("/api/members/" + story.coordinatorId + "/notifications"))
                    .isEmpty();
            JsonNode log = as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + story.subscriptionId);
            assertThat(log).hasSize(5);
            List<String> sentOfTheCase = story.receiver.received().stream()
                    .filter(request -> request.body().contains(story.caseId))
                    .map(WebhookReceiver.Received::id)
                    .distinct()
                    .toList();
            assertThat(sentOfTheCase).hasSize(4);
            List<JsonNode> stubs = new ArrayList<>();
            log.forEach(delivery -> {
                if (sentOfTheCase.contains(delivery.get("id").asString())) {
                    stubs.add(delivery);
                } else {
                    assertThat(delivery.get("caseId").asString())
                            .as("the other case's delivery stays")
                            .isEqualTo(otherCase);
                }
            });
            assertThat(stubs)
                    .as("under the webhook-ids the receiver got, so it can find what to erase")
                    .hasSize(4)
                    .allSatisfy(delivery -> {
                        assertThat(delivery.get("status").asString()).isEqualTo("PURGED");
                        assertThat(delivery.has("caseId")).isFalse();
                        assertThat(delivery.get("attempts")).isEmpty();
                    });
            JsonNode ended = as(HOUSTON_ADMIN).getJson("/api/subscriptions/" + story.caseSubscriptionId);
            assertThat(ended.get("status").asString()).isEqualTo("DISABLED");
            assertThat(ended.get("disabledReason").asString()).isEqualTo("the case it followed was purged");

            List<CommandRecorder.Sent> sent = storeCommands.sent();
            assertThat(sent)
                    .as("the recording heard the erasure")
                    .anySatisfy(command -> assertThat(command.collection()).isEqualTo("case_traces"));
            assertThat(IndexCoverage.unexplained(mongo, sent)).isEmpty();
        }

        @Test
        void sendsNothingOfTheCaseThatWasStillToBeRetried() throws Exception {
            Story story = new Story().told();
            String retried = story.receiver.received().get(0).id();
            // as after a failed attempt: the delivery's retry is scheduled an hour from now, its second marked
            Instant retryAt = Instant.now(CLOCK).plus(Duration.ofHours(1));
            mongo.getCollection("deliveries")
                    .updateOne(new Document("_id", retried), new Document("$set", new Document("status", "FAILED")));
            mongo.getCollection("due_markers")
                    .updateOne(
                            new Document("_id", "s:" + String.format("%012d", retryAt.getEpochSecond())),
                            new Document("$addToSet", new Document("ids", retried)),
                            new com.mongodb.client.model.UpdateOptions().upsert(true));
            mongo.getCollection("pending_deliveries")
                    .insertOne(new Document("_id", retried).append("nextAttemptAt", java.util.Date.from(retryAt)));

            story.purge();
            // the retry is due by this clock; the scan reads its second and moves its cursor past it
            CLOCK.moveOn(Duration.ofHours(2));
            await().atMost(PATIENCE)
                    .until(() -> ((Number) mongo.findById("cursor", Document.class, "due_markers")
                                            .get("from"))
                                    .longValue()
                            > retryAt.getEpochSecond());

            assertThat(story.receiver.received())
                    .extracting(WebhookReceiver.Received::id)
                    .filteredOn(retried::equals)
                    .as("sent once, before the purge")
                    .hasSize(1);
            assertThat(mongo.findById(retried, Document.class, "pending_deliveries"))
                    .isNull();
            assertThat(mongo.findById(retried, Document.class, "deliveries").getString("status"))
                    .isEqualTo("PURGED");
        }

        @Test
        void repeatsNothingWhenThePurgeOrAnEarlierEventOfTheCaseComesAgain() throws Exception {
            Story story = new Story().told();
            CloudEvent purge = story.purge();
            long unread = unread(story.memberId);

            produce(Topics.CASES_NAME, story.caseId, codec.write(purge));
            // as if re-driven from the dead-letter topic: the case's assignment, under a new id
            CloudEvent late = caseAssigned(story.caseId, story.caseNumber, story.taskForceId, story.memberId);
            produce(late);
            CloudEvent again = story.purge();
            await().atMost(PATIENCE)
                    .until(() -> processedEvents.isProcessed("notification-service.cases", late.id())
                            && processedEvents.isProcessed("notification-service.cases", again.id()));

            assertThat(whereFound(everyDocument(), story.traces()).keySet()).isSubsetOf("audit", "audit_pending");
            assertThat(unread(story.memberId)).isEqualTo(unread);
        }
    }

    @Nested
    class Review {

        @Test
        void tellsTheTaskForcesCoordinatorsAndNoOneElseOfAReviewAndOfAReviewFallingDue() throws Exception {
            String taskForceId = unique("tf");
            String coordinatorId = unique("coordinator");
            String memberId = unique("member");
            memberOf(
                    HOUSTON,
                    coordinatorId,
                    MemberRole.COORDINATOR,
                    "C",
                    coordinatorId + "@hpd.example.gov",
                    taskForceId);
            memberKnown(memberId, "M", memberId + "@hpd.example.gov", taskForceId);
            String caseId = unique("case");
            String caseNumber = caseNumber();
            Instant due = Instant.parse("2031-12-01T00:00:00Z");
            Instant next = Instant.parse("2031-12-07T00:00:00Z");
            produce(caseAssigned(caseId, caseNumber, taskForceId, memberId));
            produce(event(
                    EventTypes.CASE_REVIEW_DUE,
                    caseId,
                    Instant.now(),
                    new CaseReviewDue(caseId, caseNumber, taskForceId, due, Instant.now())));
            produce(event(
                    EventTypes.CASE_REVIEWED,
                    caseId,
                    Instant.now(),
                    new CaseReviewed(
                            caseId, caseNumber, taskForceId, "still relevant", coordinatorId, Instant.now(), next)));

            JsonNode inbox = awaitInbox(coordinatorId, 2);
            assertThat(titles(inbox))
                    .containsExactlyInAnyOrder(
                            "Review of " + caseNumber + " due " + due + ": validate it or purge it",
                            "Review of " + caseNumber + " validated; next review due " + next);
            assertThat(inbox)
                    .allSatisfy(
                            entry -> assertThat(entry.get("caseId").asString()).isEqualTo(caseId));
            assertThat(titles(as(memberToken(memberId)).getJson("/api/members/" + memberId + "/notifications")))
                    .as("the assigned member hears of the assignment only")
                    .containsExactly("Assigned to " + caseNumber + " as LEAD");
        }
    }
}
