package taskforce.cases.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.OperationConflictFound;
import taskforce.contracts.lead.LeadTriaged;
import tools.jackson.databind.JsonNode;

/**
 * Two task forces planning to be at the same door on the same night: the second registration raises a conflict at
 * once, to both coordinators, each learning only whom to call and when the two overlap.
 */
class OperationDeconflictionTest extends CaseServiceIntegrationTest {

    private static final Instant TOMORROW_NIGHT =
            Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(30));

    /** A place of this test's own, so that operations of other tests in the shared store never meet it. */
    private static double[] somewhereNew() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new double[] {30 + random.nextDouble() * 15, -120 + random.nextDouble() * 40};
    }

    private static Map<String, Object> operation(
            String caseId, double[] at, int radius, Instant startsAt, Duration length, String contactName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caseId", caseId);
        body.put("type", "SEARCH_WARRANT");
        body.put("location", Map.of("latitude", at[0], "longitude", at[1], "radiusMeters", radius));
        body.put("startsAt", startsAt.toString());
        body.put("endsAt", startsAt.plus(length).toString());
        body.put("contact", Map.of("name", contactName, "phone", "(713) 555-0142"));
        return body;
    }

    /** {@code meters} east of the point. */
    private static double[] east(double[] at, double meters) {
        var moved = OperationCells.destination(at[0], at[1], 90, meters);
        return new double[] {moved.lat, moved.lng};
    }

    private List<CloudEvent> conflictsOn(String caseId) {
        return events(Topics.CASES_NAME, caseId).stream()
                .filter(ofType(EventTypes.CASE_OPERATION_CONFLICT.name()))
                .toList();
    }

    @Nested
    class Overlaps {

        @Test
        void twoTaskForcesAtTheSameDoorOnTheSameNightHearOfEachOtherAsPointersOnly() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            LeadTriaged gang = openCase(GANG_LOS_ANGELES);
            double[] door = somewhereNew();

            Response first = as(GARZA_TOKEN)
                    .post(
                            "/api/operations",
                            operation(houston.caseId(), door, 100, TOMORROW_NIGHT, Duration.ofHours(4), "Sgt. Garza"));
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.body().get("conflicts")).isEmpty();
            assertThat(first.body().get("registeredBy").asString()).isEqualTo(GARZA);
            assertThat(first.body().get("contact").get("phone").asString()).isEqualTo("+17135550142");

            // 150 m away, starting two hours into the first: the circles and the windows overlap
            Response second = as(GANG_COORDINATOR_TOKEN)
                    .post(
                            "/api/operations",
                            operation(
                                    gang.caseId(),
                                    east(door, 150),
                                    100,
                                    TOMORROW_NIGHT.plus(Duration.ofHours(2)),
                                    Duration.ofHours(6),
                                    "Det. Okafor"));
            assertThat(second.status()).isEqualTo(201);
            JsonNode conflict = second.body().get("conflicts").get(0);
            assertThat(conflict.get("otherOperationId").asString())
                    .isEqualTo(first.body().get("id").asString());
            assertThat(conflict.get("otherTaskForceId").asString()).isEqualTo(BEST_HOUSTON);
            assertThat(conflict.get("otherCoordinatorId").asString()).isEqualTo(COORDINATOR);
            assertThat(conflict.get("otherContactName").asString()).isEqualTo("Sgt. Garza");
            assertThat(Instant.parse(conflict.get("overlapStartsAt").asString()))
                    .isEqualTo(TOMORROW_NIGHT.plus(Duration.ofHours(2)));
            assertThat(Instant.parse(conflict.get("overlapEndsAt").asString()))
                    .isEqualTo(TOMORROW_NIGHT.plus(Duration.ofHours(4)));

            // the first side learns of it too, by reading its operation and through an event on its case
            JsonNode seenByHouston = as(COORDINATOR_TOKEN)
                    .get("/api/operations/" + first.body().get("id").asString())
                    .body()
                    .get("conflicts")
                    .get(0);
            assertThat(seenByHouston.get("otherTaskForceId").asString()).isEqualTo(GANG_LOS_ANGELES);
            assertThat(seenByHouston.get("otherContactName").asString()).isEqualTo("Det. Okafor");

            await().atMost(WAIT)
                    .until(() -> conflictsOn(houston.caseId()).size() == 1
                            && conflictsOn(gang.caseId()).size() == 1);
            OperationConflictFound onHouston =
                    CODEC.payload(conflictsOn(houston.caseId()).get(0), EventTypes.CASE_OPERATION_CONFLICT);
            assertThat(onHouston.caseNumber()).isEqualTo(houston.caseNumber());
            assertThat(onHouston.otherTaskForceId()).isEqualTo(GANG_LOS_ANGELES);
            assertThat(onHouston.otherCoordinatorId()).isEqualTo(GANG_COORDINATOR);
            assertThat(CODEC.write(conflictsOn(houston.caseId()).get(0)))
                    .as("nothing of the other operation but whom to call and when")
                    .doesNotContain(gang.caseId(), gang.caseNumber(), "SEARCH_WARRANT", String.valueOf(door[0]));
            OperationConflictFound onGang =
                    CODEC.payload(conflictsOn(gang.caseId()).get(0), EventTypes.CASE_OPERATION_CONFLICT);
            assertThat(onGang.conflictId()).isEqualTo(onHouston.conflictId());
            assertThat(onGang.otherCoordinatorId()).isEqualTo(COORDINATOR);
        }

        @Test
        void theSamePlaceTheNextDayOrTheSameHourInTheNextTownRaisesNothing() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            LeadTriaged gang = openCase(GANG_LOS_ANGELES);
            double[] door = somewhereNew();
            assertThat(as(GARZA_TOKEN)
                            .post(
                                    "/api/operations",
                                    operation(houston.caseId(), door, 500, TOMORROW_NIGHT, Duration.ofHours(4), "A"))
                            .status())
                    .isEqualTo(201);

            Response nextDay = as(GANG_COORDINATOR_TOKEN)
                    .post(
                            "/api/operations",
                            operation(
                                    gang.caseId(),
                                    door,
                                    500,
                                    TOMORROW_NIGHT.plus(Duration.ofHours(4)),
                                    Duration.ofHours(4),
                                    "B"));
            Response nextTown = as(GANG_COORDINATOR_TOKEN)
                    .post(
                            "/api/operations",
                            operation(gang.caseId(), east(door, 1200), 500, TOMORROW_NIGHT, Duration.ofHours(4), "C"));

            assertThat(nextDay.body().get("conflicts"))
                    .as("back to back is not at once")
                    .isEmpty();
            assertThat(nextTown.body().get("conflicts"))
                    .as("1.2 km apart with 500 m each")
                    .isEmpty();
        }

        @Test
        void operationsOfTheSameCaseArePlannedTogetherAndDoNotConflict() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            double[] door = somewhereNew();
            as(GARZA_TOKEN)
                    .post(
                            "/api/operations",
                            operation(houston.caseId(), door, 100, TOMORROW_NIGHT, Duration.ofHours(4), "A"));
            Response second = as(LEE_TOKEN)
                    .post(
                            "/api/operations",
                            operation(houston.caseId(), door, 100, TOMORROW_NIGHT, Duration.ofHours(4), "B"));
            assertThat(second.status()).isEqualTo(201);
            assertThat(second.body().get("conflicts")).isEmpty();
        }

        @Test
        void aCancelledOperationConflictsWithNothing() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            LeadTriaged gang = openCase(GANG_LOS_ANGELES);
            double[] door = somewhereNew();
            String first = as(GARZA_TOKEN)
                    .post(
                            "/api/operations",
                            operation(houston.caseId(), door, 100, TOMORROW_NIGHT, Duration.ofHours(4), "A"))
                    .body()
                    .get("id")
                    .asString();

            Response cancelled = as(LEE_TOKEN).post("/api/operations/" + first + "/cancel", null);
            assertThat(cancelled.status()).isEqualTo(200);
            assertThat(cancelled.body().get("cancelled").asBoolean()).isTrue();

            Response later = as(GANG_COORDINATOR_TOKEN)
                    .post(
                            "/api/operations",
                            operation(gang.caseId(), door, 100, TOMORROW_NIGHT, Duration.ofHours(4), "B"));
            assertThat(later.body().get("conflicts")).isEmpty();
        }
    }

    @Nested
    class NeedToKnow {

        @Test
        void anOperationIsReadAndPlannedOnlyByTheCasesTaskForceAndAStrangerLearnsNotEvenItsCase() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            Map<String, Object> body =
                    operation(houston.caseId(), somewhereNew(), 100, TOMORROW_NIGHT, Duration.ofHours(2), "A");

            Response refused = as(CHEN_TOKEN).post("/api/operations", body);
            assertThat(refused.status()).isEqualTo(404);

            String id = as(NGUYEN_TOKEN)
                    .post("/api/operations", body)
                    .body()
                    .get("id")
                    .asString();
            Response stranger = as(CHEN_TOKEN).get("/api/operations/" + id);
            assertThat(stranger.status()).isEqualTo(404);
            assertThat(stranger.raw().body()).contains(id).doesNotContain(houston.caseId());
            assertThat(as(CHEN_TOKEN)
                            .post("/api/operations/" + id + "/cancel", null)
                            .status())
                    .isEqualTo(404);
            assertThat(anonymous().get("/api/operations/" + id).status()).isEqualTo(401);
            assertThat(as(COORDINATOR_TOKEN).get("/api/operations/" + id).status())
                    .isEqualTo(200);
        }

        @Test
        void aCasesOperationsAreListedForItsReadersAloneForTheCaseMap() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            LeadTriaged other = openCase(BEST_HOUSTON);
            double[] door = somewhereNew();
            String first = as(GARZA_TOKEN)
                    .post(
                            "/api/operations",
                            operation(houston.caseId(), door, 120, TOMORROW_NIGHT, Duration.ofHours(3), "Sgt. Garza"))
                    .body()
                    .get("id")
                    .asString();
            String second = as(GARZA_TOKEN)
                    .post(
                            "/api/operations",
                            operation(
                                    houston.caseId(),
                                    east(door, 2000),
                                    300,
                                    TOMORROW_NIGHT,
                                    Duration.ofHours(3),
                                    "Sgt. Garza"))
                    .body()
                    .get("id")
                    .asString();
            as(GARZA_TOKEN)
                    .post(
                            "/api/operations",
                            operation(other.caseId(), door, 50, TOMORROW_NIGHT, Duration.ofHours(1), "Sgt. Garza"));

            Response listed = as(LEE_TOKEN).get("/api/operations?caseId=" + houston.caseId());
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.body().valueStream().map(o -> o.get("id").asString()))
                    .containsExactly(first, second);
            assertThat(listed.body().get(1).get("location").get("radiusMeters").asInt())
                    .isEqualTo(300);
            assertThat(as(CHEN_TOKEN)
                            .get("/api/operations?caseId=" + houston.caseId())
                            .status())
                    .isEqualTo(404);
            assertThat(as(LEE_TOKEN).get("/api/operations?caseId=no-such-case").status())
                    .isEqualTo(404);
        }

        @Test
        void theTokenNamesWhoRegisters() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            Map<String, Object> body =
                    operation(houston.caseId(), somewhereNew(), 100, TOMORROW_NIGHT, Duration.ofHours(2), "A");
            body.put("registeredBy", LEE);
            Response response = as(GARZA_TOKEN).post("/api/operations", body);
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body().get("field").asString()).isEqualTo("registeredBy");
        }
    }

    @Nested
    class BadInput {

        private Response register(Map<String, Object> body) {
            return as(GARZA_TOKEN).post("/api/operations", body);
        }

        private Map<String, Object> valid(String caseId) {
            return operation(caseId, somewhereNew(), 100, TOMORROW_NIGHT, Duration.ofHours(2), "A");
        }

        @Test
        void eachBadFieldIsNamed() {
            String caseId = openCase(BEST_HOUSTON).caseId();

            Map<String, Object> backwards = valid(caseId);
            backwards.put("endsAt", TOMORROW_NIGHT.minus(Duration.ofHours(1)).toString());
            Map<String, Object> tooLong = valid(caseId);
            tooLong.put("endsAt", TOMORROW_NIGHT.plus(Duration.ofDays(15)).toString());
            Map<String, Object> over = valid(caseId);
            over.put("startsAt", Instant.now().minus(Duration.ofHours(5)).toString());
            over.put("endsAt", Instant.now().minus(Duration.ofHours(1)).toString());
            Map<String, Object> offTheMap = valid(caseId);
            offTheMap.put("location", Map.of("latitude", 95, "longitude", -95, "radiusMeters", 100));
            Map<String, Object> tooWide = valid(caseId);
            tooWide.put("location", Map.of("latitude", 29, "longitude", -95, "radiusMeters", 50_000));
            Map<String, Object> noNumber = valid(caseId);
            noNumber.put("contact", Map.of("name", "A", "phone", "call me maybe"));
            Map<String, Object> otherTaskForce = valid(caseId);
            otherTaskForce.put("taskForceId", GANG_LOS_ANGELES);

            assertThat(register(backwards).body().get("field").asString()).isEqualTo("endsAt");
            assertThat(register(tooLong).body().get("field").asString()).isEqualTo("endsAt");
            assertThat(register(over).body().get("field").asString()).isEqualTo("endsAt");
            assertThat(register(offTheMap).body().get("field").asString()).isEqualTo("location.latitude");
            assertThat(register(tooWide).body().get("field").asString()).isEqualTo("location.radiusMeters");
            assertThat(register(noNumber).body().get("field").asString()).isEqualTo("contact.phone");
            Response wrongTaskForce = register(otherTaskForce);
            assertThat(wrongTaskForce.status()).isEqualTo(422);
            assertThat(wrongTaskForce.body().get("field").asString()).isEqualTo("taskForceId");
            assertThat(register(backwards).status()).isEqualTo(400);
        }
    }

    @Nested
    class NoLocationOracle {

        @Test
        void aConflictAnswerTellsWhomToCallAndWhenButNothingOfTheOtherPlace() {
            LeadTriaged houston = openCase(BEST_HOUSTON);
            LeadTriaged gang = openCase(GANG_LOS_ANGELES);
            double[] door = somewhereNew();
            Response first = as(GARZA_TOKEN)
                    .post(
                            "/api/operations",
                            operation(houston.caseId(), door, 100, TOMORROW_NIGHT, Duration.ofHours(4), "Sgt. Garza"));
            assertThat(first.status()).isEqualTo(201);

            Response second = as(GANG_COORDINATOR_TOKEN)
                    .post(
                            "/api/operations",
                            operation(
                                    gang.caseId(), east(door, 120), 50, TOMORROW_NIGHT, Duration.ofHours(2), "Okafor"));

            JsonNode conflict = second.body().get("conflicts").get(0);
            List<String> told = conflict.propertyStream().map(Map.Entry::getKey).toList();
            assertThat(told)
                    .containsExactlyInAnyOrder(
                            "conflictId",
                            "otherOperationId",
                            "otherTaskForceId",
                            "otherCoordinatorId",
                            "otherContactName",
                            "otherContactPhone",
                            "overlapStartsAt",
                            "overlapEndsAt",
                            "foundAt");
            assertThat(conflict.toString())
                    .doesNotContain(String.valueOf(door[0]))
                    .doesNotContain(String.valueOf(door[1]))
                    .doesNotContainIgnoringCase("distance")
                    .doesNotContainIgnoringCase("radius");
            assertThat(as(GANG_COORDINATOR_TOKEN)
                            .get("/api/operations/"
                                    + conflict.get("otherOperationId").asString())
                            .status())
                    .as("the other operation itself stays unreadable")
                    .isEqualTo(404);
        }

        @Test
        void refusesAMembersRegistrationsPastTheDaysAllowanceWith429() {
            String member =
                    "quota-officer-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            assertThat(as(ADMIN_TOKEN)
                            .put(
                                    "/api/members/" + member,
                                    Map.of(
                                            "name", "Quota Officer",
                                            "agencyId", "houston-pd",
                                            "role", "MEMBER",
                                            "taskForceIds", List.of(BEST_HOUSTON)))
                            .status())
                    .isEqualTo(201);
            String token = taskforce.infra.TestTokens.member(member, "houston-pd", "MEMBER", BEST_HOUSTON);
            LeadTriaged houston = openCase(BEST_HOUSTON);

            for (int i = 0; i < 20; i++) {
                Response allowed = as(token)
                        .post(
                                "/api/operations",
                                operation(
                                        houston.caseId(),
                                        somewhereNew(),
                                        10,
                                        TOMORROW_NIGHT,
                                        Duration.ofHours(1),
                                        "Q"));
                assertThat(allowed.status())
                        .as("registration %d: %s", i + 1, allowed.body())
                        .isEqualTo(201);
            }
            Response refused = as(token)
                    .post(
                            "/api/operations",
                            operation(houston.caseId(), somewhereNew(), 10, TOMORROW_NIGHT, Duration.ofHours(1), "Q"));

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
            assertThat(refused.body().get("detail").asString()).contains("20 operations per day");
            assertThat(as(GARZA_TOKEN)
                            .post(
                                    "/api/operations",
                                    operation(
                                            houston.caseId(),
                                            somewhereNew(),
                                            10,
                                            TOMORROW_NIGHT,
                                            Duration.ofHours(1),
                                            "Sgt. Garza"))
                            .status())
                    .as("another member's allowance is their own")
                    .isEqualTo(201);
        }
    }
}
