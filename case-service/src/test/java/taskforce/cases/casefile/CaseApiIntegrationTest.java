package taskforce.cases.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import tools.jackson.databind.JsonNode;

class CaseApiIntegrationTest extends CaseServiceIntegrationTest {

    private Response assign(String caseId, String memberId, String role, String assignedBy) {
        return asMember(assignedBy)
                .post(
                        "/api/cases/" + caseId + "/assignments",
                        Map.of("memberId", memberId, "role", role, "assignedBy", assignedBy));
    }

    private Response move(String caseId, String status, String changedBy) {
        return asMember(changedBy)
                .post(
                        "/api/cases/" + caseId + "/status",
                        Map.of("status", status, "reason", "moving on", "changedBy", changedBy));
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    @Nested
    class Reading {

        @Test
        void answersAnUnknownCaseWithNotFoundProblem() {
            Response missing = as(GARZA_TOKEN).get("/api/cases/no-such-case");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
            assertThat(missing.body().get("detail").asString()).contains("no-such-case");
        }

        @Test
        void listsCasesByTaskForceAssigneeAndCaseNumber() {
            LeadTriaged opened = openCase();
            assertThat(assign(opened.caseId(), NGUYEN, "LEAD", COORDINATOR).status())
                    .isEqualTo(201);

            Response byNumber = as(NGUYEN_TOKEN)
                    .get("/api/cases?taskForceId=best-houston&assigneeId=" + NGUYEN + "&q="
                            + opened.caseNumber().toLowerCase());
            assertThat(byNumber.status()).isEqualTo(200);
            assertThat(byNumber.body().get("totalElements").asLong()).isEqualTo(1);
            assertThat(byNumber.body().get("content").get(0).get("caseId").asString())
                    .isEqualTo(opened.caseId());

            Response otherTaskForce =
                    as(ADMIN_TOKEN).get("/api/cases?taskForceId=cetf-seattle&q=" + opened.caseNumber());
            assertThat(otherTaskForce.body().get("totalElements").asLong()).isZero();
        }
    }

    @Nested
    class Searching {

        private List<String> found(String token, String q) {
            Response response = as(token).get("/api/cases?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            assertThat(response.status()).isEqualTo(200);
            return response.body()
                    .get("content")
                    .valueStream()
                    .map(c -> c.get("caseId").asString())
                    .toList();
        }

        private LeadTriaged open(String taskForceId, List<Subject> subjects, String phone) {
            LeadSubmitted lead = lead(taskForceId, subjects, phone(phone));
            produce(submitted(lead));
            return awaitTriaged(lead.leadId());
        }

        /** A made-up family name no other test uses: letters only, so that it reads as a name. */
        private static String uniqueName() {
            // no g: a g before e or i is soft, and doubled it turns hard, so a name with one would not sound the
            // same spelled with doubled letters, which the search tests rely on
            String consonants = "bdfklmnprstvz";
            String vowels = "aeiou";
            StringBuilder name = new StringBuilder("Q");
            long n = Math.abs(UUID.randomUUID().getMostSignificantBits());
            for (int i = 0; i < 5; i++, n /= 70) {
                name.append(vowels.charAt((int) (n % 5)))
                        .append(consonants.charAt((int) (n / 5 % consonants.length())));
            }
            return name.toString();
        }

        @Test
        void findsACaseByItsPhoneWrittenAnyOtherWayThroughTheIdentifierIndex() {
            String phone = uniquePhone(); // (AAA) 555-NNNN
            LeadTriaged opened = open(BEST_HOUSTON, List.of(), phone);
            String digits = phone.replaceAll("\\D", "");

            assertThat(found(LEE_TOKEN, "+1" + digits)).containsExactly(opened.caseId());
            assertThat(found(
                            LEE_TOKEN,
                            digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6)))
                    .containsExactly(opened.caseId());
            assertThat(found(LEE_TOKEN, "001 " + digits)).containsExactly(opened.caseId());
            char last = digits.charAt(9);
            assertThat(found(LEE_TOKEN, "+1" + digits.substring(0, 9) + (char) ('0' + (last - '0' + 1) % 10)))
                    .as("another number")
                    .doesNotContain(opened.caseId());
        }

        @Test
        void findsACaseByASubjectsNameAsWrittenOrSpelledOtherwise() {
            String family = uniqueName();
            LeadTriaged opened = open(
                    BEST_HOUSTON,
                    List.of(new Subject("Marta " + family, LocalDate.parse("1988-04-02"), SubjectRole.SUSPECT)),
                    uniquePhone());
            // doubled letters sound the same: found by the person index's phonetic keys, not by the name as written
            String spelledOtherwise = family.replaceAll("([bdfgklmnprstvz])", "$1$1");

            assertThat(found(LEE_TOKEN, family.toLowerCase())).containsExactly(opened.caseId());
            assertThat(found(LEE_TOKEN, "marta " + spelledOtherwise)).containsExactly(opened.caseId());
            assertThat(found(LEE_TOKEN, "Julia " + spelledOtherwise))
                    .as("every word typed must name the subject")
                    .isEmpty();
        }

        @Test
        void findsOnlyTheCasesTheReaderMayReadWhateverIndexFindsThem() {
            String phone = uniquePhone();
            String family = uniqueName();
            List<Subject> same =
                    List.of(new Subject("Ines " + family, LocalDate.parse("1979-06-11"), SubjectRole.SUSPECT));
            LeadTriaged houston = open(BEST_HOUSTON, same, phone);
            LeadTriaged losAngeles = open(GANG_LOS_ANGELES, same, phone);
            String digits = phone.replaceAll("\\D", "");

            String misspelt = "ines " + family.replaceAll("([bdfklmnprstvz])", "$1$1");
            for (String q : List.of("+1" + digits, family, misspelt)) {
                assertThat(found(LEE_TOKEN, q)).as(q).containsExactly(houston.caseId());
                assertThat(found(CHEN_TOKEN, q)).as(q).containsExactly(losAngeles.caseId());
                assertThat(found(ADMIN_TOKEN, q))
                        .as(q)
                        .containsExactlyInAnyOrder(houston.caseId(), losAngeles.caseId());
                assertThat(found(HOUSTON_SYSTEM_TOKEN, q)).as(q).isEmpty();
            }
            Response outOfScope = as(LEE_TOKEN).get("/api/cases?taskForceId=" + GANG_LOS_ANGELES + "&q=%2B1" + digits);
            assertThat(outOfScope.body().get("totalElements").asLong()).isZero();
        }

        @Test
        void refusesASearchLongerThanAnyNumberTitleNameOrIdentifierNamingQ() {
            Response refused = as(LEE_TOKEN).get("/api/cases?q=" + "x".repeat(201));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body().get("field").asString()).isEqualTo("q");
        }
    }

    @Nested
    class Paging {

        @ParameterizedTest(name = "{0} -> 400 naming {1}")
        @CsvSource({
            "size=201, size",
            "size=0, size",
            "page=-1, page",
            "page=2147483647, page",
            "page=99999999999, page",
            "page=first, page"
        })
        void refusesAPageOrSizeOutOfRangeNamingItNeverWithA500OrAWrap(String query, String field) {
            Response refused = as(GARZA_TOKEN).get("/api/cases?taskForceId=best-houston&" + query);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body().get("field").asString()).isEqualTo(field);
        }

        @Test
        void servesTheLargestSizeAndTheLastReachablePage() {
            assertThat(as(GARZA_TOKEN).get("/api/cases?size=200").status()).isEqualTo(200);
            Response last = as(GARZA_TOKEN).get("/api/cases?size=200&page=" + (Integer.MAX_VALUE / 200));
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.body().get("content").size()).isZero();
        }
    }

    @Nested
    class Ordering {

        /** Opens a case of the given priority whose title carries the marker, so that a search finds only these. */
        private LeadTriaged openCase(String marker, Priority priority) {
            LeadSubmitted base = lead(BEST_HOUSTON, phone(uniquePhone()));
            LeadSubmitted lead = new LeadSubmitted(
                    base.leadId(),
                    base.agencyId(),
                    base.submittedBy(),
                    base.taskForceId(),
                    base.agencyReference(),
                    priority,
                    marker + " " + priority,
                    base.narrative(),
                    base.occurredAt(),
                    base.location(),
                    base.subjects(),
                    base.identifiers(),
                    base.receivedAt());
            produce(submitted(lead));
            return awaitTriaged(lead.leadId());
        }

        private List<String> page(String marker, String sortAndFilter, int page) {
            Response response =
                    as(COORDINATOR_TOKEN).get("/api/cases?q=" + marker + "&size=2&page=" + page + sortAndFilter);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().get("totalElements").asLong())
                    .isEqualTo(sortAndFilter.contains("priority=") ? 2 : 5);
            return response.body()
                    .get("content")
                    .valueStream()
                    .map(c -> c.get("caseNumber").asString())
                    .toList();
        }

        @Test
        void sortsByUrgencyAcrossPagesNewestFirstWithinEachAndFiltersByPriority() {
            String marker = "ordering" + UUID.randomUUID().toString().substring(0, 8);
            String routine = openCase(marker, Priority.ROUTINE).caseNumber();
            String firstUrgent = openCase(marker, Priority.URGENT).caseNumber();
            String priority = openCase(marker, Priority.PRIORITY).caseNumber();
            String secondRoutine = openCase(marker, Priority.ROUTINE).caseNumber();
            String secondUrgent = openCase(marker, Priority.URGENT).caseNumber();

            assertThat(page(marker, "&sort=priority", 0)).containsExactly(secondUrgent, firstUrgent);
            assertThat(page(marker, "&sort=priority", 1)).containsExactly(priority, secondRoutine);
            assertThat(page(marker, "&sort=priority", 2)).containsExactly(routine);
            assertThat(page(marker, "", 0)).containsExactly(secondUrgent, secondRoutine);
            assertThat(page(marker, "&sort=number", 0)).containsExactly(routine, firstUrgent);
            assertThat(page(marker, "&priority=ROUTINE", 0)).containsExactly(secondRoutine, routine);
        }

        @Test
        void refusesAnUnknownSortNamingTheParameter() {
            Response response = as(COORDINATOR_TOKEN).get("/api/cases?sort=colour");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().get("field").asString()).isEqualTo("sort");
        }
    }

    @Nested
    class Assignments {

        @Test
        void coordinatorAssignsAMemberAndTheOpenCaseBecomesAssigned() {
            LeadTriaged opened = openCase();
            Response assigned = assign(opened.caseId(), GARZA, "LEAD", COORDINATOR);

            assertThat(assigned.status()).isEqualTo(201);
            assertThat(assigned.body().get("status").asString()).isEqualTo("ASSIGNED");
            assertThat(assigned.body().get("assignments").get(0).get("memberId").asString())
                    .isEqualTo(GARZA);
            assertThat(assigned.body()
                            .get("assignments")
                            .get(0)
                            .get("assignedBy")
                            .asString())
                    .isEqualTo(COORDINATOR);
            assertThat(assigned.header("ETag")).isEqualTo("\"2\"");

            CaseAssigned event = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_ASSIGNED.name()),
                    EventTypes.CASE_ASSIGNED);
            assertThat(event.memberId()).isEqualTo(GARZA);
            assertThat(event.caseNumber()).isEqualTo(opened.caseNumber());
            awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_STATUS_CHANGED.name());
        }

        @Test
        void refusesAnAssignerWhoIsNotACoordinator() {
            LeadTriaged opened = openCase();
            Response refused = assign(opened.caseId(), LEE, "SUPPORT", GARZA);
            assertThat(refused.status()).isEqualTo(403);
        }

        @Test
        void refusesAMemberOfAnotherTaskForceNamingTheField() {
            LeadTriaged opened = openCase();
            Response refused = assign(opened.caseId(), OTHER_TASK_FORCE_MEMBER, "SUPPORT", COORDINATOR);
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().get("field").asString()).isEqualTo("memberId");

            Response unknown = assign(opened.caseId(), "nobody-at-all", "SUPPORT", COORDINATOR);
            assertThat(unknown.status()).isEqualTo(422);
        }

        @Test
        void refusesAssigningTheSameMemberTwice() {
            LeadTriaged opened = openCase();
            assertThat(assign(opened.caseId(), GARZA, "LEAD", COORDINATOR).status())
                    .isEqualTo(201);
            assertThat(assign(opened.caseId(), GARZA, "SUPPORT", COORDINATOR).status())
                    .isEqualTo(409);
        }

        @Test
        void refusesAnUnknownRoleNamingTheField() {
            LeadTriaged opened = openCase();
            Response refused = assign(opened.caseId(), GARZA, "BOSS", COORDINATOR);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("field").asString()).isEqualTo("role");
        }

        @Test
        void coordinatorUnassignsAMember() {
            LeadTriaged opened = openCase();
            assign(opened.caseId(), GARZA, "LEAD", COORDINATOR);

            assertThat(as(GARZA_TOKEN)
                            .delete("/api/cases/" + opened.caseId() + "/assignments/" + GARZA + "?unassignedBy="
                                    + GARZA)
                            .status())
                    .isEqualTo(403);
            assertThat(as(COORDINATOR_TOKEN)
                            .delete("/api/cases/" + opened.caseId() + "/assignments/" + GARZA + "?unassignedBy="
                                    + COORDINATOR)
                            .status())
                    .isEqualTo(204);
            assertThat(as(GARZA_TOKEN)
                            .get("/api/cases/" + opened.caseId())
                            .body()
                            .get("assignments")
                            .isEmpty())
                    .isTrue();
            awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_UNASSIGNED.name());
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void movesThroughTheLifecycleAndRefusesAnIllegalMoveListingTheLegalOnes() {
            LeadTriaged opened = openCase();
            assign(opened.caseId(), GARZA, "LEAD", COORDINATOR);

            Response active = move(opened.caseId(), "ACTIVE", COORDINATOR);
            assertThat(active.status()).isEqualTo(200);
            assertThat(active.body().get("status").asString()).isEqualTo("ACTIVE");
            // the view names the moves a client may offer next
            assertThat(texts(active.body().get("legalNext"))).containsExactly("SUSPENDED", "CLOSED");

            Response illegal = move(opened.caseId(), "ASSIGNED", COORDINATOR);
            assertThat(illegal.status()).isEqualTo(409);
            assertThat(texts(illegal.body().get("legalNext"))).containsExactly("SUSPENDED", "CLOSED");

            assertThat(move(opened.caseId(), "SUSPENDED", COORDINATOR).status()).isEqualTo(200);
            assertThat(move(opened.caseId(), "ACTIVE", COORDINATOR).status()).isEqualTo(200);
            assertThat(move(opened.caseId(), "CLOSED", COORDINATOR).status()).isEqualTo(200);
        }

        @Test
        void letsOnlyACoordinatorMoveACase() {
            LeadTriaged opened = openCase();
            assertThat(move(opened.caseId(), "CLOSED", GARZA).status()).isEqualTo(403);
        }
    }

    @Nested
    class ConcurrentEdits {

        @Test
        void refusesAStaleIfMatchWithPreconditionFailed() {
            LeadTriaged opened = openCase();
            Response first = as(COORDINATOR_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + opened.caseId() + "/assignments",
                            Map.of("memberId", GARZA, "role", "LEAD", "assignedBy", COORDINATOR),
                            Map.of("If-Match", "\"1\""));
            assertThat(first.status()).isEqualTo(201);

            Response stale = as(GARZA_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + opened.caseId() + "/notes",
                            Map.of("text", "written on an old copy", "author", GARZA),
                            Map.of("If-Match", "\"1\""));
            assertThat(stale.status()).isEqualTo(412);
            assertThat(stale.header("Content-Type")).startsWith("application/problem+json");

            Response current = as(GARZA_TOKEN)
                    .send(
                            "POST",
                            "/api/cases/" + opened.caseId() + "/notes",
                            Map.of("text", "written on the latest copy", "author", GARZA),
                            Map.of("If-Match", "2"));
            assertThat(current.status()).isEqualTo(201);
            assertThat(current.header("ETag")).isEqualTo("\"3\"");
        }
    }

    @Nested
    class NotesAndOutcomes {

        @Test
        void keepLineBreaksInNotesButRefuseControlCharacters() {
            LeadTriaged opened = openCase();
            Response multiline = as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/notes",
                            Map.of("text", "Friday:\n- surveillance\n- warrant", "author", GARZA));
            assertThat(multiline.status()).isEqualTo(201);

            Response hidden = as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/notes",
                            Map.of("text", "looks harmless\u001b[2J", "author", GARZA));
            assertThat(hidden.status()).isEqualTo(400);
            assertThat(hidden.body().get("field").asString()).isEqualTo("text");
        }

        @Test
        void theCaseHoldsItsLatestNotesAndEveryNoteIsReadInPagesNewestFirst() {
            LeadTriaged opened = openCase();
            int written = Case.NOTES_KEPT + 5;
            Response last = null;
            for (int i = 1; i <= written; i++) {
                last = as(GARZA_TOKEN).post("/api/cases/" + opened.caseId() + "/notes", Map.of("text", "note " + i));
                assertThat(last.status()).isEqualTo(201);
            }
            assertThat(last.body().get("noteCount").asInt()).isEqualTo(written);
            assertThat(last.body().get("notes").size()).isEqualTo(Case.NOTES_KEPT);
            assertThat(last.body().get("notes").get(0).get("text").asString()).isEqualTo("note 6");

            Response first = as(NGUYEN_TOKEN).get("/api/cases/" + opened.caseId() + "/notes?size=10");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body().get("totalElements").asLong()).isEqualTo(written);
            assertThat(first.body().get("content").get(0).get("text").asString())
                    .isEqualTo("note " + written);
            Response oldest = as(NGUYEN_TOKEN).get("/api/cases/" + opened.caseId() + "/notes?size=10&page=2");
            assertThat(oldest.body()
                            .get("content")
                            .valueStream()
                            .map(n -> n.get("text").asString()))
                    .containsExactly("note 5", "note 4", "note 3", "note 2", "note 1");
        }

        @Test
        void refusesFalsifiedResultsNamingTheField() {
            LeadTriaged opened = openCase();
            String outcomes = "/api/cases/" + opened.caseId() + "/outcomes";
            Response issuesExample = as(GARZA_TOKEN)
                    .post(
                            outcomes,
                            Map.of(
                                    "type", "ARREST",
                                    "count", Integer.MAX_VALUE,
                                    "occurredAt", "2001-06-01T00:00:00Z",
                                    "agencyId", "los-angeles-pd"));
            assertThat(issuesExample.status()).isEqualTo(400);
            assertThat(issuesExample.body().get("field").asString()).isEqualTo("count");

            Response beforeTheCase = as(GARZA_TOKEN)
                    .post(outcomes, Map.of("type", "ARREST", "count", 2, "occurredAt", "2001-06-01T00:00:00Z"));
            assertThat(beforeTheCase.status()).isEqualTo(400);
            assertThat(beforeTheCase.body().get("field").asString()).isEqualTo("occurredAt");

            Response inTheFuture = as(GARZA_TOKEN)
                    .post(outcomes, Map.of("type", "ARREST", "count", 2, "occurredAt", "2999-01-01T00:00:00Z"));
            assertThat(inTheFuture.status()).isEqualTo(400);
            assertThat(inTheFuture.body().get("field").asString()).isEqualTo("occurredAt");

            Response anotherTaskForcesAgency =
                    as(GARZA_TOKEN).post(outcomes, Map.of("type", "ARREST", "count", 2, "agencyId", "los-angeles-pd"));
            assertThat(anotherTaskForcesAgency.status()).isEqualTo(422);
            assertThat(anotherTaskForcesAgency.body().get("field").asString()).isEqualTo("agencyId");

            Response tooMuch = as(GARZA_TOKEN)
                    .post(
                            outcomes,
                            Map.of(
                                    "type",
                                    "SEIZURE",
                                    "seizure",
                                    Map.of("category", "CURRENCY", "quantity", 1e12, "unit", "USD")));
            assertThat(tooMuch.status()).isEqualTo(400);
            assertThat(tooMuch.body().get("field").asString()).isEqualTo("seizure.quantity");

            Response stored = as(GARZA_TOKEN).get("/api/cases/" + opened.caseId());
            assertThat(stored.body().get("outcomes").size()).isZero();
        }

        @Test
        void membersAddNotesAndRecordOutcomes() {
            LeadTriaged opened = openCase();
            Response note = as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/notes",
                            Map.of("text", "Surveillance on the stash house Friday", "author", GARZA));
            assertThat(note.status()).isEqualTo(201);
            assertThat(note.body().get("notes").get(0).get("text").asString())
                    .isEqualTo("Surveillance on the stash house Friday");

            Response outsider = as(CHEN_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/notes",
                            Map.of("text", "not mine to write", "author", OTHER_TASK_FORCE_MEMBER));
            assertThat(outsider.status()).isEqualTo(404);

            // when the case was opened, read from the case rather than from the calendar
            String occurredAt = note.body().get("openedAt").asString();
            Response seizure = as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/outcomes",
                            Map.of(
                                    "type",
                                    "SEIZURE",
                                    "count",
                                    1,
                                    "seizure",
                                    Map.of("category", "CURRENCY", "quantity", 48200, "unit", "USD"),
                                    "agencyId",
                                    "houston-pd",
                                    "occurredAt",
                                    occurredAt,
                                    "recordedBy",
                                    GARZA));
            assertThat(seizure.status()).isEqualTo(201);
            JsonNode recorded = seizure.body().get("outcomes").get(0);
            assertThat(recorded.get("seizure").get("category").asString()).isEqualTo("CURRENCY");
            assertThat(recorded.get("seizure").get("quantity").decimalValue()).isEqualByComparingTo("48200");

            Response arrest = as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/outcomes",
                            Map.of("type", "ARREST", "count", 2, "agencyId", "houston-pd", "recordedBy", GARZA));
            assertThat(arrest.status()).isEqualTo(201);

            JsonNode stored =
                    as(GARZA_TOKEN).get("/api/cases/" + opened.caseId()).body();
            assertThat(stored.get("outcomes")
                            .get(0)
                            .get("seizure")
                            .get("quantity")
                            .decimalValue())
                    .isEqualByComparingTo("48200");
            assertThat(Instant.parse(
                            stored.get("outcomes").get(0).get("occurredAt").asString()))
                    .isEqualTo(Instant.parse(occurredAt));
            assertThat(stored.get("outcomes").get(1).get("count").asInt()).isEqualTo(2);
        }

        @Test
        void refusesASeizureWithoutQuantityOrAZeroCount() {
            LeadTriaged opened = openCase();
            Response noQuantity = as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/outcomes",
                            Map.of(
                                    "type",
                                    "SEIZURE",
                                    "count",
                                    1,
                                    "seizure",
                                    Map.of("category", "NARCOTICS", "unit", "KG"),
                                    "recordedBy",
                                    GARZA));
            assertThat(noQuantity.status()).isEqualTo(400);
            assertThat(noQuantity.body().get("field").asString()).isEqualTo("seizure.quantity");

            Response zero = as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/outcomes",
                            Map.of("type", "ARREST", "count", 0, "recordedBy", GARZA));
            assertThat(zero.status()).isEqualTo(400);
            assertThat(zero.body().get("field").asString()).isEqualTo("count");
        }
    }

    @Nested
    class Timeline {

        @Test
        void showsWhatALinkedLeadChangedIncludingARaisedPriority() {
            String phone = uniquePhone();
            LeadSubmitted first = lead(BEST_HOUSTON, phone(phone));
            produce(submitted(first));
            LeadTriaged opened = awaitTriaged(first.leadId());
            LeadSubmitted base = lead(BEST_HOUSTON, phone(phone), phone(uniquePhone()));
            LeadSubmitted urgent = new LeadSubmitted(
                    base.leadId(),
                    base.agencyId(),
                    base.submittedBy(),
                    base.taskForceId(),
                    base.agencyReference(),
                    Priority.URGENT,
                    base.summary(),
                    base.narrative(),
                    base.occurredAt(),
                    base.location(),
                    List.of(new Subject("Rosa Perez", null, SubjectRole.ASSOCIATE)),
                    base.identifiers(),
                    base.receivedAt());
            produce(submitted(urgent));
            assertThat(awaitTriaged(urgent.leadId()).caseId()).isEqualTo(opened.caseId());

            Response timeline = as(GARZA_TOKEN).get("/api/cases/" + opened.caseId() + "/timeline");
            assertThat(timeline.body().valueStream().map(e -> e.get("type").asString()))
                    .containsExactly("case.opened.v1", "case.lead-linked.v1", "case.priority-raised.v1");
            JsonNode linked = timeline.body().get(1).get("data");
            assertThat(linked.get("addedSubjects").get(0).get("name").asString())
                    .isEqualTo("Rosa Perez");
            assertThat(linked.get("addedIdentifiers").size()).isEqualTo(1);
            JsonNode added = linked.get("addedIdentifiers").get(0);
            assertThat(added.get("normalizedValue").asString())
                    .as("the canonical form, not the written one")
                    .isNotEqualTo(added.get("value").asString());
            JsonNode raised = timeline.body().get(2).get("data");
            assertThat(raised.get("from").asString()).isEqualTo("PRIORITY");
            assertThat(raised.get("to").asString()).isEqualTo("URGENT");

            Response stored = as(GARZA_TOKEN).get("/api/cases/" + opened.caseId());
            assertThat(stored.body().get("priority").asString()).isEqualTo("URGENT");
            assertThat(stored.body().get("identifiers").size()).isEqualTo(2);
        }

        @Test
        void listsEveryEventOfTheCaseOldestFirst() {
            LeadTriaged opened = openCase();
            assign(opened.caseId(), GARZA, "LEAD", COORDINATOR);
            move(opened.caseId(), "ACTIVE", COORDINATOR);
            as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/notes",
                            Map.of("text", "Warrant drafted", "author", GARZA));
            as(GARZA_TOKEN)
                    .post(
                            "/api/cases/" + opened.caseId() + "/outcomes",
                            Map.of("type", "ARREST", "count", 1, "recordedBy", GARZA));

            Response timeline = as(GARZA_TOKEN).get("/api/cases/" + opened.caseId() + "/timeline");
            assertThat(timeline.status()).isEqualTo(200);
            assertThat(timeline.body()
                            .valueStream()
                            .map(e -> e.get("type").asString())
                            .toList())
                    .containsExactly(
                            "case.opened.v1",
                            "case.assigned.v1",
                            "case.status-changed.v1",
                            "case.status-changed.v1",
                            "case.note-added.v1",
                            "case.outcome-recorded.v1");
            assertThat(timeline.body().get(0).get("data").get("caseNumber").asString())
                    .isEqualTo(opened.caseNumber());

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(events(Topics.CASES_NAME, opened.caseId()))
                            .extracting(e -> e.id())
                            .containsExactlyElementsOf(timeline.body()
                                    .valueStream()
                                    .map(e -> e.get("id").asString())
                                    .toList()));
        }

        @Test
        void answersNotFoundForTheTimelineOfAnUnknownCase() {
            assertThat(as(ADMIN_TOKEN).get("/api/cases/unknown-case/timeline").status())
                    .isEqualTo(404);
        }
    }
}
