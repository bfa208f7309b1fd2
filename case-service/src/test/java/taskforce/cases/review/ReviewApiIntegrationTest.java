package taskforce.cases.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.Cases;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseMergeProposed;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.CaseReviewDue;
import taskforce.contracts.cases.CaseReviewed;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.infra.CommandRecorder;
import taskforce.infra.IndexCoverage;
import tools.jackson.databind.JsonNode;

/**
 * Review and purge over HTTP and through the jobs (issue 15): a coordinator validates a case or purges it, the
 * coordinators list what falls due, the jobs remind and purge what lapsed, and a purged case is a tombstone, erased
 * from every collection of the service but the tombstones and the audit trail.
 */
class ReviewApiIntegrationTest extends CaseServiceIntegrationTest {

    private static final Duration PERIOD = Case.DEFAULT_REVIEW_PERIOD;

    @Autowired
    ReviewJobs jobs;

    @Autowired
    MongoTemplate store;

    @Autowired
    CaseErasure erasure;

    @Autowired
    Cases cases;

    @Autowired
    taskforce.cases.casefile.CaseCoordination coordination;

    @AfterEach
    void backToNow() {
        clock.backToNow();
    }

    private Response review(String token, String caseId, String decision, String reason) {
        return as(token).post("/api/cases/" + caseId + "/reviews", body(decision, reason));
    }

    private static Map<String, Object> body(String decision, String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (decision != null) {
            body.put("decision", decision);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }

    /** Waits until every erasure left pending is complete, as the erasure job finishes them. */
    private void awaitErased(String caseId) {
        await().atMost(WAIT).untilAsserted(() -> {
            jobs.resumeErasures();
            assertThat(store.getCollection(Cases.COLLECTION)
                            .find(new Document("_id", caseId))
                            .first())
                    .as("case document of %s", caseId)
                    .isNull();
            assertThat(store.getCollection("outbox_pending")
                            .find(new Document("_id", Cases.COLLECTION + "|" + caseId))
                            .first())
                    .as("relay marker of %s", caseId)
                    .isNull();
        });
    }

    /** Waits until the calendar consumer has filed the case, as the due list over all time shows it. */
    private void awaitFiled(String caseId, String taskForceId, String token) {
        await().atMost(WAIT)
                .until(() -> as(token)
                        .get("/api/reviews/due?taskForceId=" + taskForceId + "&before=2200-01-01T00:00:00Z"
                                + "&size=200")
                        .body()
                        .get("content")
                        .valueStream()
                        .anyMatch(entry -> caseId.equals(entry.get("caseId").asString())));
    }

    @Nested
    class Validating {

        @Test
        void everyCaseFallsDueFiveYearsAfterOpeningAndAValidationMovesItAPeriodOn() {
            String caseId = openCase().caseId();
            JsonNode opened = as(GARZA_TOKEN).get("/api/cases/" + caseId).body();
            Instant openedAt = Instant.parse(opened.get("openedAt").asString());
            assertThat(Instant.parse(opened.get("reviewDueAt").asString())).isEqualTo(openedAt.plus(PERIOD));
            assertThat(opened.path("lastReviewedAt").isNull()
                            || opened.path("lastReviewedAt").isMissingNode())
                    .as("never validated")
                    .isTrue();

            Instant before = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Response validated = review(COORDINATOR_TOKEN, caseId, "VALIDATED", "still an active target");

            assertThat(validated.status()).as(validated.raw().body()).isEqualTo(200);
            Instant due = Instant.parse(validated.body().get("reviewDueAt").asString());
            Instant reviewedAt =
                    Instant.parse(validated.body().get("lastReviewedAt").asString());
            assertThat(reviewedAt).isAfterOrEqualTo(before);
            assertThat(due).isEqualTo(reviewedAt.plus(PERIOD));
            assertThat(validated.header("ETag"))
                    .isEqualTo("\"" + validated.body().get("version").asLong() + "\"");
            CaseReviewed event = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, caseId, EventTypes.CASE_REVIEWED.name()), EventTypes.CASE_REVIEWED);
            assertThat(event.reviewedBy()).isEqualTo(COORDINATOR);
            assertThat(event.reason()).isEqualTo("still an active target");
            assertThat(event.nextReviewDueAt()).isEqualTo(due);
            assertThat(auditOf(caseId, "case.review")).isNotEmpty();
        }

        @Test
        void aStaleIfMatchIsRefusedAndACurrentOneAccepted() {
            String caseId = openCase().caseId();
            long version = as(GARZA_TOKEN)
                    .get("/api/cases/" + caseId)
                    .body()
                    .get("version")
                    .asLong();

            Response stale = as(COORDINATOR_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + caseId + "/reviews",
                            body("VALIDATED", "still relevant"),
                            Map.of("If-Match", "\"" + (version - 1) + "\""));
            Response current = as(COORDINATOR_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + caseId + "/reviews",
                            body("VALIDATED", "still relevant"),
                            Map.of("If-Match", "\"" + version + "\""));

            assertThat(stale.status()).isEqualTo(412);
            assertThat(current.status()).isEqualTo(200);
        }

        @Test
        void badInputIsRefusedNamingTheField() {
            String caseId = openCase().caseId();

            Response noDecision = review(COORDINATOR_TOKEN, caseId, null, "why");
            Response noReason = review(COORDINATOR_TOKEN, caseId, "VALIDATED", " ");
            Response longReason = review(COORDINATOR_TOKEN, caseId, "PURGE", "x".repeat(2001));
            Response unknown = review(COORDINATOR_TOKEN, caseId, "MAYBE", "why");

            assertThat(noDecision.status()).isEqualTo(400);
            assertThat(noDecision.body().get("field").asString()).isEqualTo("decision");
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(noReason.body().get("field").asString()).isEqualTo("reason");
            assertThat(longReason.status()).isEqualTo(400);
            assertThat(longReason.body().toString()).contains("reason");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body().toString()).contains("decision");
            assertThat(as(GARZA_TOKEN).get("/api/cases/" + caseId).status())
                    .as("nothing was purged")
                    .isEqualTo(200);
        }
    }

    @Nested
    class DueList {

        @Test
        void theCoordinatorListsTheCasesFallingDueSoonestFirstAndOthersFindNone() {
            clock.travelTo(Instant.now().minus(PERIOD).plus(Duration.ofDays(20)));
            String later = openCase().caseId();
            clock.travelTo(Instant.now().minus(PERIOD).plus(Duration.ofDays(10)));
            String sooner = openCase().caseId();
            clock.backToNow();
            awaitFiled(later, BEST_HOUSTON, COORDINATOR_TOKEN);
            awaitFiled(sooner, BEST_HOUSTON, COORDINATOR_TOKEN);

            JsonNode due = as(COORDINATOR_TOKEN)
                    .get("/api/reviews/due?taskForceId=" + BEST_HOUSTON)
                    .body();
            List<String> ids = due.get("content")
                    .valueStream()
                    .map(entry -> entry.get("caseId").asString())
                    .filter(id -> id.equals(sooner) || id.equals(later))
                    .toList();
            assertThat(ids).as("within the default 30 days, soonest first").containsExactly(sooner, later);
            JsonNode first = due.get("content")
                    .valueStream()
                    .filter(entry -> entry.get("caseId").asString().equals(sooner))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.get("caseNumber").asString()).isNotBlank();
            assertThat(first.get("title").asString()).isNotBlank();
            assertThat(first.get("status").asString()).isEqualTo("OPEN");
            assertThat(first.get("taskForceId").asString()).isEqualTo(BEST_HOUSTON);
            assertThat(Instant.parse(first.get("reviewDueAt").asString()))
                    .isEqualTo(Instant.parse(first.get("openedAt").asString()).plus(PERIOD));
            assertThat(due.get("totalElements").asLong()).isGreaterThanOrEqualTo(2);

            JsonNode narrower = as(COORDINATOR_TOKEN)
                    .get("/api/reviews/due?taskForceId=" + BEST_HOUSTON + "&before="
                            + Instant.now().plus(Duration.ofDays(15)))
                    .body();
            assertThat(narrower.get("content")
                            .valueStream()
                            .map(entry -> entry.get("caseId").asString()))
                    .contains(sooner)
                    .doesNotContain(later);

            assertThat(as(ADMIN_TOKEN)
                            .get("/api/reviews/due?taskForceId=" + BEST_HOUSTON)
                            .body()
                            .get("totalElements")
                            .asLong())
                    .isGreaterThanOrEqualTo(2);
            for (String token : List.of(GARZA_TOKEN, GANG_COORDINATOR_TOKEN, HOUSTON_SYSTEM_TOKEN)) {
                Response refused = as(token).get("/api/reviews/due?taskForceId=" + BEST_HOUSTON);
                assertThat(refused.status()).isEqualTo(200);
                assertThat(refused.body().get("totalElements").asLong()).isZero();
            }
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/reviews/due")
                            .body()
                            .get("field")
                            .asString())
                    .isEqualTo("taskForceId");

            // a validated case is due a period from now: out of the list
            assertThat(review(COORDINATOR_TOKEN, sooner, "VALIDATED", "still relevant")
                            .status())
                    .isEqualTo(200);
            assertThat(as(COORDINATOR_TOKEN)
                            .get("/api/reviews/due?taskForceId=" + BEST_HOUSTON)
                            .body()
                            .get("content")
                            .valueStream()
                            .map(entry -> entry.get("caseId").asString()))
                    .doesNotContain(sooner)
                    .contains(later);
        }
    }

    @Nested
    class Jobs {

        @Test
        void theReminderComesOnceAndALapsedReviewPurgesTheCase() {
            clock.travelTo(Instant.now().minus(PERIOD).plus(Duration.ofDays(10)));
            String dueSoon = openCase().caseId();
            clock.travelTo(Instant.now().minus(PERIOD).minus(Duration.ofDays(31)));
            String lapsed = openCase().caseId();
            clock.backToNow();
            awaitFiled(dueSoon, BEST_HOUSTON, COORDINATOR_TOKEN);
            awaitFiled(lapsed, BEST_HOUSTON, COORDINATOR_TOKEN);

            assertThat(jobs.remind()).isPresent();
            long afterFirst = as(GARZA_TOKEN)
                    .get("/api/cases/" + dueSoon)
                    .body()
                    .get("version")
                    .asLong();
            jobs.remind();

            CaseReviewDue reminder = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, dueSoon, EventTypes.CASE_REVIEW_DUE.name()),
                    EventTypes.CASE_REVIEW_DUE);
            JsonNode reminded = as(GARZA_TOKEN).get("/api/cases/" + dueSoon).body();
            assertThat(reminder.reviewDueAt())
                    .isEqualTo(Instant.parse(reminded.get("reviewDueAt").asString()));
            assertThat(reminded.get("version").asLong()).as("reminded once").isEqualTo(afterFirst);

            assertThat(jobs.lapse()).isPresent();
            assertThat(as(GARZA_TOKEN).get("/api/cases/" + lapsed).status())
                    .as("overdue, but nobody was told before today: the grace counts from the reminder")
                    .isEqualTo(200);
            clock.travelTo(Instant.now().plus(Duration.ofDays(31)));
            assertThat(jobs.lapse())
                    .hasValueSatisfying(count -> assertThat(count).isPositive());

            CasePurged purged = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, lapsed, EventTypes.CASE_PURGED.name()), EventTypes.CASE_PURGED);
            assertThat(purged.cause()).isEqualTo(PurgeCause.REVIEW_LAPSED);
            assertThat(purged.decidedBy()).isNull();
            awaitErased(lapsed);
            Response gone = as(COORDINATOR_TOKEN).get("/api/cases/" + lapsed);
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.body().get("cause").asString()).isEqualTo("REVIEW_LAPSED");
            assertThat(as(GARZA_TOKEN).get("/api/cases/" + dueSoon).status())
                    .as("not lapsed yet")
                    .isEqualTo(200);
            assertThat(auditOf(lapsed, "case.purge")).isNotEmpty();
        }

        @Test
        void theBackfillFilesACaseStoredBeforeTheCalendarExisted() {
            clock.travelTo(Instant.now().minus(PERIOD).plus(Duration.ofDays(3)));
            String old = openCase().caseId();
            clock.backToNow();
            awaitFiled(old, BEST_HOUSTON, COORDINATOR_TOKEN);
            // as the store was before reviews: no calendar entry, and a backfill never run
            Instant due = Instant.parse(as(GARZA_TOKEN)
                    .get("/api/cases/" + old)
                    .body()
                    .get("reviewDueAt")
                    .asString());
            store.getCollection(ReviewCalendar.COLLECTION)
                    .updateMany(
                            new Document("_id", new Document("$regex", "^due\\|" + BEST_HOUSTON + "\\|")),
                            new Document("$pull", new Document("ids", old)));
            assertThat(dueIds()).doesNotContain(old);
            store.getCollection("leases").deleteOne(new Document("_id", ReviewJobs.BACKFILL));

            assertThat(jobs.backfill())
                    .hasValueSatisfying(batches -> assertThat(batches).isPositive());

            assertThat(dueIds()).contains(old);
            assertThat(due).isBefore(Instant.now().plus(Duration.ofDays(30)));
            assertThat(jobs.backfill()).as("once per store").contains(0);
        }

        private List<String> dueIds() {
            return as(COORDINATOR_TOKEN)
                    .get("/api/reviews/due?taskForceId=" + BEST_HOUSTON + "&size=200")
                    .body()
                    .get("content")
                    .valueStream()
                    .map(entry -> entry.get("caseId").asString())
                    .toList();
        }
    }

    @Nested
    class Purging {

        @Test
        void aPurgedCaseIsGoneForItsReadersAndMissingForEveryoneElse() {
            LeadTriaged triaged = openCase();
            String caseId = triaged.caseId();

            Response purged = review(COORDINATOR_TOKEN, caseId, "PURGE", "no longer relevant to any investigation");

            assertThat(purged.status()).as(purged.raw().body()).isEqualTo(200);
            assertThat(purged.body().get("caseId").asString()).isEqualTo(caseId);
            assertThat(purged.body().get("caseNumber").asString()).isEqualTo(triaged.caseNumber());
            assertThat(purged.body().get("decidedBy").asString()).isEqualTo(COORDINATOR);
            assertThat(purged.body().get("cause").asString()).isEqualTo("REVIEW_DECISION");
            CasePurged event = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, caseId, EventTypes.CASE_PURGED.name()), EventTypes.CASE_PURGED);
            assertThat(event.leadIds()).containsExactly(triaged.leadId());
            assertThat(event.decidedBy()).isEqualTo(COORDINATOR);

            for (String token : List.of(COORDINATOR_TOKEN, GARZA_TOKEN, ADMIN_TOKEN)) {
                Response gone = as(token).get("/api/cases/" + caseId);
                assertThat(gone.status()).isEqualTo(410);
                assertThat(gone.body().get("caseNumber").asString()).isEqualTo(triaged.caseNumber());
                assertThat(gone.body().get("taskForceId").asString()).isEqualTo(BEST_HOUSTON);
                assertThat(gone.body().get("decidedBy").asString()).isEqualTo(COORDINATOR);
            }
            for (String token : List.of(CHEN_TOKEN, GANG_COORDINATOR_TOKEN, HOUSTON_SYSTEM_TOKEN)) {
                assertThat(as(token).get("/api/cases/" + caseId).status()).isEqualTo(404);
            }
            awaitErased(caseId);
            assertThat(as(GARZA_TOKEN).get("/api/cases/" + caseId).status()).isEqualTo(410);
            assertThat(as(CHEN_TOKEN).get("/api/cases/" + caseId).status()).isEqualTo(404);
            assertThat(as(GARZA_TOKEN)
                            .post("/api/cases/" + caseId + "/notes", Map.of("text", "late"))
                            .status())
                    .isEqualTo(410);
            assertThat(review(COORDINATOR_TOKEN, caseId, "VALIDATED", "too late")
                            .status())
                    .isEqualTo(410);
            assertThat(as(GARZA_TOKEN)
                            .get("/api/cases?taskForceId=" + BEST_HOUSTON + "&q=" + triaged.caseNumber())
                            .body()
                            .get("totalElements")
                            .asLong())
                    .isZero();
            assertThat(auditOf(caseId, "case.purge")).hasSize(1);
        }

        /**
         * The calendar is filed from the events alone, without reading the case; a {@code case.opened} heard again
         * after the case was purged and erased (re-driven, or replayed from the topic) must not file its id again.
         */
        @Test
        void aLateOpeningOfAPurgedCaseLeavesNoPointerToItInTheCalendar() {
            LeadTriaged triaged = openCase();
            String caseId = triaged.caseId();
            CloudEvent opened = awaitEvent(Topics.CASES_NAME, caseId, EventTypes.CASE_OPENED.name());
            awaitFiled(caseId, BEST_HOUSTON, COORDINATOR_TOKEN);
            assertThat(review(COORDINATOR_TOKEN, caseId, "PURGE", "opened in error")
                            .status())
                    .isEqualTo(200);
            awaitErased(caseId);
            assertThat(calendarDocumentsNaming(caseId)).as("after the erasure").isEmpty();

            produceRaw(Topics.CASES_NAME, caseId, CODEC.write(opened));
            // behind it on the same partition, the opening of another case, to know when the late one was heard
            CaseOpened original = CODEC.payload(opened, EventTypes.CASE_OPENED);
            String behind = UUID.randomUUID().toString();
            CaseOpened other = new CaseOpened(
                    behind,
                    original.caseNumber() + "-B",
                    original.taskForceId(),
                    original.title(),
                    original.priority(),
                    original.leadId(),
                    original.agencyId(),
                    original.subjects(),
                    original.identifiers(),
                    original.openedAt());
            produceRaw(
                    Topics.CASES_NAME,
                    caseId,
                    CODEC.write(CODEC.wrap(EventTypes.CASE_OPENED, "/case-service", behind, Instant.now(), other)));
            await().atMost(WAIT).until(() -> !calendarDocumentsNaming(behind).isEmpty());

            assertThat(calendarDocumentsNaming(caseId))
                    .as("after the late opening")
                    .isEmpty();
        }

        private List<String> calendarDocumentsNaming(String caseId) {
            List<String> naming = new ArrayList<>();
            store.getCollection(ReviewCalendar.COLLECTION).find().forEach(doc -> {
                if (doc.toJson().contains(caseId)) {
                    naming.add(doc.getString("_id"));
                }
            });
            return naming;
        }

        @Test
        void aMergedCaseIsReviewedThroughItsSurvivorWhosePurgeTakesItAlong() {
            LeadTriaged merged = openCase();
            LeadTriaged survivor = openCase();
            assertThat(as(COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + merged.caseId() + "/merge",
                                    Map.of("intoCaseId", survivor.caseId(), "reason", "same target"))
                            .status())
                    .isEqualTo(200);

            Response refused = review(COORDINATOR_TOKEN, merged.caseId(), "PURGE", "gone");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().get("field").asString()).isEqualTo("decision");

            assertThat(review(COORDINATOR_TOKEN, survivor.caseId(), "PURGE", "gone")
                            .status())
                    .isEqualTo(200);

            CasePurged survivorPurged = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, survivor.caseId(), EventTypes.CASE_PURGED.name()),
                    EventTypes.CASE_PURGED);
            CasePurged mergedPurged = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, merged.caseId(), EventTypes.CASE_PURGED.name()),
                    EventTypes.CASE_PURGED);
            assertThat(survivorPurged.leadIds()).containsExactlyInAnyOrder(survivor.leadId(), merged.leadId());
            assertThat(mergedPurged.leadIds()).containsExactly(merged.leadId());
            assertThat(mergedPurged.decidedBy()).isEqualTo(COORDINATOR);
            awaitErased(survivor.caseId());
            awaitErased(merged.caseId());
            assertThat(as(GARZA_TOKEN).get("/api/cases/" + merged.caseId()).status())
                    .isEqualTo(410);
        }

        /**
         * The case had a lead with a person and a phone of its own, a note, a hit with a case of another task
         * force on a second phone, and a transfer waiting; after the purge, no collection of the service holds its
         * id, number, lead, title, person, own phone or note, but the tombstones and the audit trail (and the
         * triage consumer's mark of the lead's event, which holds the lead's id only, so that a redelivered lead is
         * not triaged again).
         */
        @Test
        void afterAPurgeNoCollectionButTheTombstonesAndTheAuditTrailHoldsAnythingOfTheCase() {
            String token = UUID.randomUUID().toString().substring(0, 8);
            String name = "Zebulon Quillfeather" + token.replaceAll("[0-9]", "q");
            String ownPhone = uniquePhone();
            String sharedPhone = uniquePhone();
            LeadSubmitted lead = lead(
                    BEST_HOUSTON,
                    List.of(new Subject(name, LocalDate.of(1981, 3, 14), SubjectRole.SUSPECT)),
                    phone(ownPhone),
                    phone(sharedPhone));
            produce(submitted(lead));
            LeadTriaged triaged = awaitTriaged(lead.leadId());
            String caseId = triaged.caseId();
            String other = openCase(GANG_LOS_ANGELES, sharedPhone);
            String note = "Seen at the warehouse " + token;
            assertThat(as(GARZA_TOKEN)
                            .post("/api/cases/" + caseId + "/notes", Map.of("text", note))
                            .status())
                    .isEqualTo(201);
            assertThat(as(COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + caseId + "/transfers",
                                    Map.of("toTaskForceId", GANG_LOS_ANGELES, "reason", "their target"))
                            .status())
                    .isEqualTo(201);
            await().atMost(WAIT)
                    .until(() -> as(COORDINATOR_TOKEN)
                            .get("/api/cases/" + caseId + "/deconfliction")
                            .body()
                            .toString()
                            .contains(GANG_LOS_ANGELES));
            awaitFiled(caseId, BEST_HOUSTON, COORDINATOR_TOKEN);
            String digits = ownPhone.replaceAll("[^0-9]", "");
            List<String> needles = List.of(
                    caseId, triaged.caseNumber(), lead.leadId(), lead.summary(), name, token, ownPhone, digits, note);
            assertThat(holders(needles)).as("before the purge").isNotEmpty();

            assertThat(review(COORDINATOR_TOKEN, caseId, "PURGE", "no longer needed")
                            .status())
                    .isEqualTo(200);
            awaitErased(caseId);

            List<String> found = holders(needles);
            assertThat(found)
                    .as("where the purged case's data remains")
                    .allMatch(where -> where.startsWith("case_tombstones ")
                            || where.startsWith("audit ")
                            || where.startsWith("audit_pending ")
                            || (where.startsWith("processed_events case-triage:")
                                    && where.endsWith(" holds " + lead.leadId())));
            assertThat(found).anyMatch(where -> where.startsWith("case_tombstones "));
            assertThat(as(CHEN_TOKEN).get("/api/cases/" + other).status())
                    .as("the other task force's case lives on")
                    .isEqualTo(200);
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .get("/api/cases/" + other + "/deconfliction")
                            .body()
                            .toString())
                    .doesNotContain(triaged.caseNumber());
        }

        /**
         * A lead carrying a phone of each of two cases of the task force joined the first and proposed there the
         * merge with the second, naming its id, its number and the phone they shared; the second also had a hit with
         * a case of another task force. Once the second is purged, no collection but the tombstones and the audit
         * trail holds its id or number: the first case's proposal and its triage decision name a purged case
         * instead, the first case still rebuilds from its history, and it is read and written as before.
         */
        @Test
        void theCasesThatNamedAPurgedCaseNameItNoMoreAndStillReplayToThemselves() {
            String firstPhone = uniquePhone();
            String purgedPhone = uniquePhone();
            String sharedPhone = uniquePhone();
            String first = openCase(BEST_HOUSTON, firstPhone);
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(purgedPhone), phone(sharedPhone));
            produce(submitted(lead));
            LeadTriaged purged = awaitTriaged(lead.leadId());
            String other = openCase(GANG_LOS_ANGELES, sharedPhone);
            LeadSubmitted both = lead(BEST_HOUSTON, phone(firstPhone), phone(purgedPhone));
            produce(submitted(both));
            assertThat(awaitTriaged(both.leadId()).caseId()).isEqualTo(first);
            await().atMost(WAIT)
                    .until(() -> as(COORDINATOR_TOKEN)
                            .get("/api/cases/" + purged.caseId() + "/deconfliction")
                            .body()
                            .toString()
                            .contains(GANG_LOS_ANGELES));
            awaitFiled(purged.caseId(), BEST_HOUSTON, COORDINATOR_TOKEN);
            assertThat(cases.find(first).orElseThrow().value().mergeProposedWith())
                    .containsExactly(purged.caseId());
            List<String> needles = List.of(purged.caseId(), purged.caseNumber());
            assertThat(holders(needles))
                    .as("before the purge")
                    .anyMatch(where -> where.startsWith("cases_events " + first + "|"))
                    .anyMatch(where -> where.startsWith("triage_decisions " + both.leadId() + " "))
                    .anyMatch(where -> where.startsWith("deconfliction_hits "));

            assertThat(review(COORDINATOR_TOKEN, purged.caseId(), "PURGE", "no longer needed")
                            .status())
                    .isEqualTo(200);
            awaitErased(purged.caseId());

            assertThat(holders(needles))
                    .as("where the purged case's id or number remains")
                    .allMatch(where -> where.startsWith("case_tombstones ")
                            || where.startsWith("audit ")
                            || where.startsWith("audit_pending "));
            List<CaseMergeProposed> proposals = cases.events(first).stream()
                    .filter(CaseMergeProposed.class::isInstance)
                    .map(CaseMergeProposed.class::cast)
                    .toList();
            assertThat(proposals).hasSize(1);
            assertThat(proposals.get(0).otherCaseId()).isEqualTo(CaseErasure.PURGED);
            assertThat(proposals.get(0).otherCaseNumber()).isEqualTo(CaseErasure.PURGED);
            assertThat(proposals.get(0).reason()).isEqualTo(CaseErasure.PURGED_REASON);
            assertThat(proposals.get(0).leadId()).isEqualTo(both.leadId());
            Case stored = cases.find(first).orElseThrow().value();
            assertThat(stored.mergeProposedWith()).containsExactly(CaseErasure.PURGED);
            assertThat(Case.replay(cases.events(first))).isEqualTo(stored);

            assertThat(as(GARZA_TOKEN).get("/api/cases/" + first).status()).isEqualTo(200);
            assertThat(as(GARZA_TOKEN)
                            .post("/api/cases/" + first + "/notes", Map.of("text", "still on it"))
                            .status())
                    .isEqualTo(201);
            assertThat(Case.replay(cases.events(first)))
                    .isEqualTo(cases.find(first).orElseThrow().value());
            assertThat(as(CHEN_TOKEN).get("/api/cases/" + other).status()).isEqualTo(200);
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .get("/api/cases/" + other + "/deconfliction")
                            .body()
                            .toString())
                    .doesNotContain(purged.caseNumber());
            assertThat(erasure.complete(purged.caseId()))
                    .as("repeating the erasure changes nothing")
                    .isTrue();
            assertThat(Case.replay(cases.events(first)))
                    .isEqualTo(cases.find(first).orElseThrow().value());
        }

        @Test
        void anErasureCutShortRightAfterThePurgeIsFinishedByTheErasureJob() {
            LeadTriaged triaged = openCase();
            String caseId = triaged.caseId();
            awaitFiled(caseId, BEST_HOUSTON, COORDINATOR_TOKEN);
            // the purge is written, and the instance stops before anything else: no tombstone filed, nothing unfiled
            erasure.expect(caseId);
            coordination.command(
                    caseId, null, (c, roster) -> c.purge("cut short", COORDINATOR, roster, clock.instant()));
            assertThat(store.getCollection("case_tombstones")
                            .find(new Document("_id", caseId))
                            .first())
                    .isNull();
            assertThat(as(GARZA_TOKEN).get("/api/cases/" + caseId).status())
                    .as("a tombstone from the purge's own write")
                    .isEqualTo(410);

            awaitErased(caseId);

            Document tombstone = store.getCollection("case_tombstones")
                    .find(new Document("_id", caseId))
                    .first();
            assertThat(tombstone).isNotNull();
            assertThat(tombstone.getString("decidedBy")).isEqualTo(COORDINATOR);
            assertThat(tombstone.get("erasedAt")).isNotNull();
            assertThat(erasure.pending()).doesNotContain(caseId);
            assertThat(holders(List.of(caseId, triaged.leadId())))
                    .allMatch(where -> where.startsWith("case_tombstones ")
                            || where.startsWith("audit")
                            || (where.startsWith("processed_events case-triage:")
                                    && where.endsWith(" holds " + triaged.leadId())));
            assertThat(erasure.complete(caseId))
                    .as("repeating it changes nothing")
                    .isTrue();
            assertThat(as(GARZA_TOKEN).get("/api/cases/" + caseId).status()).isEqualTo(410);
        }

        /** "collection _id holds needle" for every document of every collection holding one of the needles. */
        private List<String> holders(List<String> needles) {
            List<String> found = new ArrayList<>();
            for (String collection : store.getCollectionNames()) {
                for (Document document : store.getCollection(collection).find()) {
                    String json = document.toJson().toLowerCase(Locale.ROOT);
                    for (String needle : needles) {
                        if (json.contains(needle.toLowerCase(Locale.ROOT))) {
                            found.add(collection + " " + document.get("_id") + " holds " + needle);
                        }
                    }
                }
            }
            return found;
        }
    }

    private String openCase(String taskForceId, String phoneNumber) {
        LeadSubmitted lead = lead(taskForceId, phone(phoneNumber));
        produce(submitted(lead));
        return awaitTriaged(lead.leadId()).caseId();
    }

    @Nested
    class StoreCommands {

        @Test
        void reviewingListingTheJobsAndTheErasureGoByIdOrADeclaredIndex() {
            String validated = openCase().caseId();
            String purged = openCase().caseId();
            awaitFiled(purged, BEST_HOUSTON, COORDINATOR_TOKEN);

            storeCommands.clear();
            storeCommands.resume();
            try {
                assertThat(review(COORDINATOR_TOKEN, validated, "VALIDATED", "still relevant")
                                .status())
                        .isEqualTo(200);
                assertThat(as(COORDINATOR_TOKEN)
                                .get("/api/reviews/due?taskForceId=" + BEST_HOUSTON + "&before=2200-01-01T00:00:00Z")
                                .status())
                        .isEqualTo(200);
                assertThat(review(COORDINATOR_TOKEN, purged, "PURGE", "not needed")
                                .status())
                        .isEqualTo(200);
                awaitErased(purged);
                assertThat(as(GARZA_TOKEN).get("/api/cases/" + purged).status()).isEqualTo(410);
                jobs.remind();
                jobs.lapse();
            } finally {
                storeCommands.pause();
            }

            List<CommandRecorder.Sent> sent = storeCommands.sent();
            assertThat(sent)
                    .as("the calendar and the tombstones were asked")
                    .anyMatch(c -> c.collection().equals(ReviewCalendar.COLLECTION))
                    .anyMatch(c -> c.collection().equals("case_tombstones"));
            assertThat(IndexCoverage.unexplained(store, sent)).isEmpty();
        }
    }
}
