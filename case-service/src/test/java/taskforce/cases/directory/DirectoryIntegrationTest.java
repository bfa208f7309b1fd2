package taskforce.cases.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;
import tools.jackson.databind.JsonNode;

class DirectoryIntegrationTest extends CaseServiceIntegrationTest {

    private static List<String> ids(JsonNode array) {
        return array.valueStream().map(n -> n.get("id").asString()).toList();
    }

    @Nested
    class DemoSeed {

        @Test
        void holdsTheFiveProgramsAndTaskForces() {
            assertThat(as(GARZA_TOKEN)
                            .get("/api/programs")
                            .body()
                            .valueStream()
                            .map(p -> p.get("code").asString()))
                    .containsExactlyInAnyOrder("BEST", "GANG", "HSTF", "CETF", "DBFTF");
            // other tests add task forces to the shared database
            assertThat(ids(as(GARZA_TOKEN).get("/api/task-forces").body()))
                    .contains("best-houston", "gang-los-angeles", "hstf-san-diego", "cetf-seattle", "dbftf-miami");
        }

        @Test
        void holdsAgenciesOfEveryTypeAndACoordinatorPerTaskForce() {
            JsonNode agencies = as(GARZA_TOKEN).get("/api/agencies").body();
            assertThat(agencies.valueStream().map(a -> a.get("type").asString()).distinct())
                    .containsExactlyInAnyOrder("LOCAL", "COUNTY", "STATE", "TRIBAL", "FEDERAL");
            assertThat(ids(agencies))
                    .contains(
                            "dallas-pd",
                            "houston-pd",
                            "miami-dade-pd",
                            "harris-county-so",
                            "texas-dps",
                            "tohono-oodham-pd",
                            "hsi");
            for (String taskForce :
                    List.of("best-houston", "gang-los-angeles", "hstf-san-diego", "cetf-seattle", "dbftf-miami")) {
                assertThat(as(GARZA_TOKEN)
                                .get("/api/task-forces/" + taskForce + "/members")
                                .body()
                                .valueStream()
                                .map(m -> m.get("role").asString()))
                        .as(taskForce)
                        .contains("COORDINATOR", "MEMBER");
            }
        }

        @Test
        void holdsOneSuspendedAndOneExpiredAgreement() {
            JsonNode suspended = as(GARZA_TOKEN)
                    .get("/api/agreements?agencyId=las-vegas-metro-pd&taskForceId=best-houston")
                    .body();
            assertThat(suspended.get(0).get("status").asString()).isEqualTo("SUSPENDED");
            JsonNode expired = as(GARZA_TOKEN)
                    .get("/api/agreements?agencyId=portland-pd&taskForceId=cetf-seattle")
                    .body();
            assertThat(expired.get(0).get("status").asString()).isEqualTo("EXPIRED");
            assertThat(expired.get(0).get("effectiveTo").asString()).isEqualTo("2024-09-30");
            assertThat(as(GARZA_TOKEN)
                            .get("/api/agreements?taskForceId=best-houston")
                            .body()
                            .valueStream()
                            .filter(a -> a.get("status").asString().equals("ACTIVE"))
                            .map(a -> a.get("agencyId").asString()))
                    .contains("houston-pd", "dallas-pd", "hsi");
            assertThat(as(GARZA_TOKEN).get("/api/agreements").body().size()).isGreaterThanOrEqualTo(25);
        }

        @Test
        void publishedEveryKindOfEntityOnTheDirectoryTopic() {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(events(Topics.DIRECTORY_NAME, "hsi"))
                        .extracting(CloudEvent::type)
                        .contains(EventTypes.AGENCY_UPSERTED.name());
                assertThat(events(Topics.DIRECTORY_NAME, "best-houston"))
                        .extracting(CloudEvent::type)
                        .contains(EventTypes.TASK_FORCE_UPSERTED.name());
                assertThat(events(Topics.DIRECTORY_NAME, "las-vegas-metro-pd--best-houston"))
                        .extracting(e ->
                                CODEC.payload(e, EventTypes.AGREEMENT_UPSERTED).status())
                        .contains(AgreementStatus.SUSPENDED);
                assertThat(events(Topics.DIRECTORY_NAME, COORDINATOR))
                        .extracting(e -> CODEC.payload(e, EventTypes.MEMBER_UPSERTED))
                        .extracting(MemberUpserted::role, MemberUpserted::email)
                        .contains(org.assertj.core.groups.Tuple.tuple(
                                MemberRole.COORDINATOR, "elena.ramirez@hsi.example.gov"));
            });
            assertThat(as(GARZA_TOKEN)
                            .get("/api/members/" + LEE)
                            .body()
                            .get("agencyId")
                            .asString())
                    .isEqualTo("dallas-pd");
        }
    }

    @Nested
    class Administration {

        @Test
        void createsAnAgencyThenUpdatesItPublishingEachVersion() {
            String id = "test-pd-" + UUID.randomUUID().toString().substring(0, 8);
            Response created = as(ADMIN_TOKEN)
                    .post(
                            "/api/agencies",
                            Map.of("id", id, "name", "Test Police Department", "type", "LOCAL", "state", "TX"));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.header("Location")).endsWith("/api/agencies/" + id);

            assertThat(as(ADMIN_TOKEN)
                            .post("/api/agencies", Map.of("id", id, "name", "Again", "type", "LOCAL", "state", "TX"))
                            .status())
                    .isEqualTo(409);

            Response updated = as(ADMIN_TOKEN)
                    .put(
                            "/api/agencies/" + id,
                            Map.of("name", "Test City Police Department", "type", "LOCAL", "state", "TX"));
            assertThat(updated.status()).isEqualTo(200);
            assertThat(as(GARZA_TOKEN)
                            .get("/api/agencies/" + id)
                            .body()
                            .get("name")
                            .asString())
                    .isEqualTo("Test City Police Department");

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(events(Topics.DIRECTORY_NAME, id))
                            .extracting(e -> CODEC.payload(e, EventTypes.AGENCY_UPSERTED))
                            .extracting(AgencyUpserted::name, AgencyUpserted::version)
                            .as("each version numbered, so that read models can tell an old one from a new one")
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("Test Police Department", 1L),
                                    org.assertj.core.groups.Tuple.tuple("Test City Police Department", 2L)));
        }

        @Test
        void createsATaskForceAgreementAndMemberThatReferToEachOther() {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String taskForce = "best-el-paso-" + suffix;
            assertThat(as(ADMIN_TOKEN)
                            .post(
                                    "/api/task-forces",
                                    Map.of(
                                            "id",
                                            taskForce,
                                            "name",
                                            "BEST El Paso",
                                            "program",
                                            "BEST",
                                            "area",
                                            "El Paso, TX"))
                            .status())
                    .isEqualTo(201);
            Response agreement = as(ADMIN_TOKEN)
                    .post(
                            "/api/agreements",
                            Map.of(
                                    "agencyId",
                                    "texas-dps",
                                    "taskForceId",
                                    taskForce,
                                    "status",
                                    "ACTIVE",
                                    "effectiveFrom",
                                    "2026-10-01",
                                    "effectiveTo",
                                    "2031-09-30"));
            assertThat(agreement.status()).isEqualTo(201);
            assertThat(agreement.body().get("id").asString()).isEqualTo("texas-dps--" + taskForce);
            assertThat(as(ADMIN_TOKEN)
                            .put(
                                    "/api/members/dps-agent-" + suffix,
                                    Map.of(
                                            "name",
                                            "Maria Soto",
                                            "agencyId",
                                            "texas-dps",
                                            "email",
                                            "maria.soto@texas-dps.example.gov",
                                            "taskForceIds",
                                            List.of(taskForce),
                                            "role",
                                            "COORDINATOR"))
                            .status())
                    .isEqualTo(201);

            assertThat(ids(as(GARZA_TOKEN)
                            .get("/api/task-forces/" + taskForce + "/members")
                            .body()))
                    .containsExactly("dps-agent-" + suffix);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(events(Topics.DIRECTORY_NAME, taskForce))
                        .extracting(e -> CODEC.payload(e, EventTypes.TASK_FORCE_UPSERTED))
                        .extracting(TaskForceUpserted::program)
                        .containsExactly("BEST");
                assertThat(events(Topics.DIRECTORY_NAME, "texas-dps--" + taskForce))
                        .extracting(e -> CODEC.payload(e, EventTypes.AGREEMENT_UPSERTED))
                        .extracting(AgreementUpserted::effectiveTo)
                        .containsExactly(java.time.LocalDate.parse("2031-09-30"));
            });
        }

        @Test
        void refusesATaskForceOfAnUnknownProgram() {
            Response refused = as(ADMIN_TOKEN)
                    .post(
                            "/api/task-forces",
                            Map.of(
                                    "id",
                                    "xyz-" + UUID.randomUUID().toString().substring(0, 8),
                                    "name",
                                    "Unknown",
                                    "program",
                                    "NOPE",
                                    "area",
                                    "Houston, TX"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().get("field").asString()).isEqualTo("program");
        }

        @Test
        void refusesInvalidFieldsNamingThem() {
            Response missingName = as(ADMIN_TOKEN).post("/api/agencies", Map.of("id", "bad-pd", "type", "LOCAL"));
            assertThat(missingName.status()).isEqualTo(400);
            assertThat(missingName.body().get("field").asString()).isEqualTo("name");

            Response badType =
                    as(ADMIN_TOKEN).post("/api/agencies", Map.of("id", "bad-pd", "name", "Bad", "type", "CITY"));
            assertThat(badType.status()).isEqualTo(400);
            assertThat(badType.body().get("field").asString()).isEqualTo("type");

            Response unknownField = as(ADMIN_TOKEN)
                    .post("/api/agencies", Map.of("id", "bad-pd", "name", "Bad", "type", "LOCAL", "colour", "blue"));
            assertThat(unknownField.status()).isEqualTo(400);
            assertThat(unknownField.body().get("field").asString()).isEqualTo("colour");

            Response unknownAgency = as(ADMIN_TOKEN)
                    .post(
                            "/api/members",
                            Map.of(
                                    "id",
                                    "ghost-" + UUID.randomUUID().toString().substring(0, 8),
                                    "name",
                                    "Ghost",
                                    "agencyId",
                                    "no-such-agency",
                                    "role",
                                    "MEMBER"));
            assertThat(unknownAgency.status()).isEqualTo(422);
            assertThat(unknownAgency.body().get("field").asString()).isEqualTo("agencyId");
        }

        @Test
        void answersNotFoundForAnUnknownMember() {
            assertThat(as(GARZA_TOKEN)
                            .get("/api/members/nobody-" + UUID.randomUUID())
                            .status())
                    .isEqualTo(404);
        }
    }

    @Nested
    class Audit {

        @Test
        void recordsWhoReadATaskForcesMembersAndWhoLookedUpAMember() {
            String marker = UUID.randomUUID().toString();
            String reader = "audit-reader-" + marker.substring(0, 8);
            String token = taskforce.infra.TestTokens.member(reader, "houston-pd", "MEMBER", BEST_HOUSTON);

            assertThat(as(token)
                            .get("/api/task-forces/" + BEST_HOUSTON + "/members")
                            .status())
                    .isEqualTo(200);
            assertThat(as(token).get("/api/members/" + LEE).status()).isEqualTo(200);

            JsonNode byReader =
                    as(ADMIN_TOKEN).get("/api/audit?actorId=" + reader).body();
            assertThat(byReader.get("content")
                            .valueStream()
                            .map(r -> r.get("action").asString() + ":"
                                    + r.get("objectId").asString()))
                    .containsExactlyInAnyOrder("member.list:" + BEST_HOUSTON, "member.read:" + LEE);
        }
    }
}
