package taskforce.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.TriageOutcome;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;
import taskforce.platform.inbox.ProcessedEvents;
import tools.jackson.databind.JsonNode;

/** intake-service against the embedded Kafka broker and mongo-java-server shared by every test of the JVM. */
class IntakeServiceEmbeddedTest extends IntakeServiceIntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers",
                () -> SharedTestInfrastructure.kafka().bootstrapServers());
        registry.add(
                "spring.mongodb.uri", () -> SharedTestInfrastructure.mongo().uri("intake-test"));
    }

    @Autowired
    ProcessedEvents processedEvents;

    @Autowired
    MongoTemplate mongo;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Map<String, Object> body, String list) {
        return ((List<Map<String, Object>>) body.get(list)).get(0);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.<Arguments>of(
                invalid("agencyId with a bar", b -> b.put("agencyId", "a|b"), "agencyId"),
                invalid("submittedBy of 101", b -> b.put("submittedBy", "s".repeat(101)), "submittedBy"),
                invalid("taskForceId missing", b -> b.remove("taskForceId"), "taskForceId"),
                invalid("agencyReference missing", b -> b.remove("agencyReference"), "agencyReference"),
                invalid("agencyReference of 65", b -> b.put("agencyReference", "R".repeat(65)), "agencyReference"),
                invalid("priority missing", b -> b.remove("priority"), "priority"),
                invalid("priority unknown", b -> b.put("priority", "WHENEVER"), "priority"),
                invalid("summary missing", b -> b.remove("summary"), "summary"),
                invalid("summary of 201", b -> b.put("summary", "s".repeat(201)), "summary"),
                invalid("narrative of 20001", b -> b.put("narrative", "n".repeat(20_001)), "narrative"),
                invalid("occurredAt missing", b -> b.remove("occurredAt"), "occurredAt"),
                invalid("occurredAt malformed", b -> b.put("occurredAt", "yesterday"), "occurredAt"),
                invalid(
                        "occurredAt in the future",
                        b -> b.put(
                                "occurredAt",
                                Instant.now().plus(1, ChronoUnit.HOURS).toString()),
                        "occurredAt"),
                invalid(
                        "latitude 90.5",
                        b -> first(Map.of("l", List.of(b.get("location"))), "l").put("latitude", 90.5),
                        "location.latitude"),
                invalid(
                        "longitude -181",
                        b -> first(Map.of("l", List.of(b.get("location"))), "l").put("longitude", -181),
                        "location.longitude"),
                invalid(
                        "51 subjects",
                        b -> b.put("subjects", Collections.nCopies(51, first(b, "subjects"))),
                        "subjects"),
                invalid(
                        "subject name of 201",
                        b -> first(b, "subjects").put("name", "n".repeat(201)),
                        "subjects[0].name"),
                invalid("subject role unknown", b -> first(b, "subjects").put("role", "BYSTANDER"), "subjects[0].role"),
                invalid(
                        "51 identifiers",
                        b -> b.put("identifiers", Collections.nCopies(51, first(b, "identifiers"))),
                        "identifiers"),
                invalid("identifier blank", b -> first(b, "identifiers").put("value", "  "), "identifiers[0].value"),
                invalid(
                        "identifier of 201",
                        b -> first(b, "identifiers").put("value", "9".repeat(201)),
                        "identifiers[0].value"),
                invalid(
                        "identifier type unknown",
                        b -> first(b, "identifiers").put("type", "FAX"),
                        "identifiers[0].type"),
                invalid("unknown field", b -> b.put("colour", "blue"), "colour"),
                invalid(
                        "identifier with a control character",
                        b -> first(b, "identifiers").put("value", "713\u0000555"),
                        "identifiers[0].value"),
                invalid(
                        "agencyReference with an invisible direction override",
                        b -> b.put("agencyReference", "HPD-\u202e1"),
                        "agencyReference"),
                invalid("summary with a line break", b -> b.put("summary", "one\ntwo"), "summary"),
                invalid(
                        "a query operator object where text belongs",
                        b -> b.put("agencyReference", Map.of("$gt", "")),
                        "agencyReference"));
    }

    private static Arguments invalid(String why, Consumer<Map<String, Object>> change, String field) {
        return Arguments.of(why, change, field);
    }

    @Nested
    class RateLimit {

        @Test
        void refusesAnAgencyOverItsLimitWithRetryAfterAndLeavesOtherAgenciesAlone() {
            Fixture busy = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            for (int i = 0; i < 10; i++) {
                assertThat(as(memberOf(busy)).submit("key-" + UUID.randomUUID(), leadBody(busy, "RL-" + i))
                                .status())
                        .as("lead %d of the limit", i + 1)
                        .isEqualTo(202);
            }

            Response refused = as(memberOf(busy)).submit("key-" + UUID.randomUUID(), leadBody(busy, "RL-10"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 60L);

            assertThat(as(memberOf(other)).submit("key-" + UUID.randomUUID(), leadBody(other, "RL-0"))
                            .status())
                    .isEqualTo(202);
            assertThat(as(memberOf(busy)).get("/api/leads?agencyId=" + busy.agencyId())
                            .json()
                            .path("totalElements")
                            .asLong())
                    .as("the refused lead was not stored")
                    .isEqualTo(10);
        }
    }

    @Nested
    class HostileInput {

        @Test
        void storesTextThatLooksLikeAQueryOperatorVerbatim() {
            Fixture fixture = givenAgreementInForce();
            Map<String, Object> body = leadBody(fixture, "$where");
            body.put("summary", "{\"$gt\": \"\"}");
            Response accepted = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), body);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

            Response read = as(memberOf(fixture)).get("/api/leads/" + accepted.json().path("leadId").asString());
            assertThat(read.json().path("agencyReference").asString()).isEqualTo("$where");
            assertThat(read.json().path("summary").asString()).isEqualTo("{\"$gt\": \"\"}");
        }

        @Test
        void neverTurnsAQueryParameterIntoAnOperator() {
            Fixture fixture = givenAgreementInForce();
            assertThat(as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-OP"))
                            .status())
                    .isEqualTo(202);

            Response listed = as(memberOf(fixture)).get("/api/leads?agencyId="
                    + java.net.URLEncoder.encode("{\"$ne\": null}", java.nio.charset.StandardCharsets.UTF_8));
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().path("totalElements").asLong()).isZero();
        }
    }

    @Nested
    class Validation {

        @ParameterizedTest(name = "{0} -> 400 naming {2}")
        @MethodSource("taskforce.intake.IntakeServiceEmbeddedTest#invalidBodies")
        void refusesAnInvalidLeadNamingTheField(String why, Consumer<Map<String, Object>> change, String field) {
            Fixture fixture = newFixture();
            Map<String, Object> body = leadBody(fixture, "REF-V");
            change.accept(body);

            Response response = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), body);

            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            List<String> fields = new ArrayList<>();
            response.json()
                    .path("errors")
                    .forEach(error -> fields.add(error.path("field").asString()));
            assertThat(fields).as(response.body()).contains(field);
        }

        @Test
        void requiresTheIdempotencyKeyHeader() {
            Response response = as(memberOf(newFixture())).submit(null, leadBody(newFixture(), "REF-H"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("field").asString()).isEqualTo("Idempotency-Key");
        }

        @Test
        void refusesAnIdempotencyKeyLongerThan200Characters() {
            Response response = as(memberOf(newFixture())).submit("k".repeat(201), leadBody(newFixture(), "REF-H"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("field").asString()).isEqualTo("Idempotency-Key");
        }

        @Test
        void refusesABodyThatIsNotJson() {
            Response response = as(memberOf(newFixture())).submit("key-" + UUID.randomUUID(), "{not json");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Nested
    class Directory {

        @Test
        void refusesATaskForceWhoseAgreementIsSuspended() {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Fixture fixture = givenDirectory(AgreementStatus.SUSPENDED, today.minusYears(1), today.plusYears(1));

            Response response = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-S"));

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.json().path("field").asString()).isEqualTo("taskForceId");
            assertThat(response.json().path("detail").asString())
                    .isEqualTo(fixture.agencyId() + " has no ACTIVE agreement with task force " + fixture.taskForceId()
                            + " (agreement is SUSPENDED)");
        }

        @Test
        void refusesATaskForceWhoseAgreementHasEnded() {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Fixture fixture = givenDirectory(AgreementStatus.ACTIVE, today.minusYears(2), today.minusDays(1));

            Response response = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-E"));

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.json().path("field").asString()).isEqualTo("taskForceId");
            assertThat(response.json().path("detail").asString()).contains("ended on " + today.minusDays(1));
        }

        @Test
        void refusesATaskForceWithoutAnyAgreement() {
            Fixture fixture = givenNoAgreement();

            Response response = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-N"));

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.json().path("detail").asString()).contains("there is no agreement");
        }

        @Test
        void refusesAnUnknownAgencyAndAMemberOfAnotherAgency() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            String unknownAgency = "no-such-agency-" + UUID.randomUUID();

            Response agency = as(TestTokens.member(fixture.memberId(), unknownAgency, "MEMBER"))
                    .submit("key-" + UUID.randomUUID(), withoutIdentity(leadBody(fixture, "REF-U")));
            Response member = as(TestTokens.member(other.memberId(), fixture.agencyId(), "MEMBER"))
                    .submit("key-" + UUID.randomUUID(), withoutIdentity(leadBody(fixture, "REF-U")));

            assertThat(agency.status()).isEqualTo(422);
            assertThat(agency.json().path("field").asString()).isEqualTo("agencyId");
            assertThat(member.status()).isEqualTo(422);
            assertThat(member.json().path("field").asString()).isEqualTo("submittedBy");
        }

        @Test
        void acceptsALeadOnceTheAgreementIsActiveAgain() {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Fixture fixture = givenDirectory(AgreementStatus.SUSPENDED, today.minusYears(1), null);
            String key = "key-" + UUID.randomUUID();
            assertThat(as(memberOf(fixture)).submit(key, leadBody(fixture, "REF-A")).status()).isEqualTo(422);

            publish(
                    EventTypes.AGREEMENT_UPSERTED,
                    fixture.agreementId(),
                    new taskforce.contracts.directory.AgreementUpserted(
                            fixture.agreementId(),
                            fixture.agencyId(),
                            fixture.taskForceId(),
                            AgreementStatus.ACTIVE,
                            today.minusYears(1),
                            null));
            await().atMost(PATIENCE)
                    .until(() -> directory.agreements(fixture.agencyId(), fixture.taskForceId()).stream()
                            .allMatch(a -> a.status() == AgreementStatus.ACTIVE));

            // a refusal is not an answer to remember: the same key may be used again
            assertThat(as(memberOf(fixture)).submit(key, leadBody(fixture, "REF-A")).status()).isEqualTo(202);
        }
    }

    @Nested
    class Idempotency {

        @Test
        void refusesTheSameKeyWithAnotherBody() {
            Fixture fixture = givenAgreementInForce();
            String key = "key-" + UUID.randomUUID();
            Response first = as(memberOf(fixture)).submit(key, leadBody(fixture, "REF-K1"));
            Response other = as(memberOf(fixture)).submit(key, leadBody(fixture, "REF-K2"));

            assertThat(first.status()).isEqualTo(202);
            assertThat(other.status()).isEqualTo(409);
            assertThat(other.contentType()).startsWith("application/problem+json");
            assertThat(other.json().path("field").asString()).isEqualTo("Idempotency-Key");
            assertThat(as(memberOf(fixture)).get("/api/leads?agencyId=" + fixture.agencyId())
                            .json()
                            .path("totalElements")
                            .asLong())
                    .isEqualTo(1);
        }

        @Test
        void scopesTheKeyPerAgency() {
            Fixture one = givenAgreementInForce();
            Fixture two = givenAgreementInForce();
            String key = "key-" + UUID.randomUUID();

            Response first = as(memberOf(one)).submit(key, leadBody(one, "REF-P"));
            Response second = as(memberOf(two)).submit(key, leadBody(two, "REF-P"));

            assertThat(first.status()).isEqualTo(202);
            assertThat(second.status()).isEqualTo(202);
            assertThat(second.json().path("leadId").asString())
                    .isNotEqualTo(first.json().path("leadId").asString());
        }

        @Test
        void treatsTheSameContentWrittenDifferentlyAsTheSameRequest() {
            Fixture fixture = givenAgreementInForce();
            String key = "key-" + UUID.randomUUID();
            Map<String, Object> body = leadBody(fixture, "REF-C");
            Map<String, Object> reordered = new LinkedHashMap<>();
            List<String> keys = new ArrayList<>(body.keySet());
            Collections.reverse(keys);
            keys.forEach(k -> reordered.put(k, body.get(k)));
            reordered.put("occurredAt", "2026-11-20T18:30:00.000Z");

            Response first = as(memberOf(fixture)).submit(key, body);
            Response again = as(memberOf(fixture)).submit(key, reordered);

            assertThat(again.status()).isEqualTo(202);
            assertThat(again.body()).isEqualTo(first.body());
        }

        @Test
        void answersASecondLeadWithTheSameAgencyReferenceWithTheFirstLead() {
            Fixture fixture = givenAgreementInForce();
            Response first = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-D"));
            Map<String, Object> resubmitted = leadBody(fixture, "REF-D");
            resubmitted.put("summary", "the same record, typed again");
            String secondKey = "key-" + UUID.randomUUID();

            Response duplicate = as(memberOf(fixture)).submit(secondKey, resubmitted);
            Response duplicateAgain = as(memberOf(fixture)).submit(secondKey, resubmitted);

            String leadId = first.json().path("leadId").asString();
            assertThat(duplicate.status()).isEqualTo(200);
            assertThat(duplicate.location()).isEqualTo("/api/leads/" + leadId);
            assertThat(duplicate.json().path("leadId").asString()).isEqualTo(leadId);
            assertThat(duplicate.json().path("duplicate").asBoolean()).isTrue();
            assertThat(duplicate.json().path("duplicateOf").asString()).isEqualTo(leadId);
            assertThat(duplicate.json().path("summary").asString()).isEqualTo("Stash house reported near the port");
            assertThat(duplicateAgain.status()).isEqualTo(200);
            assertThat(duplicateAgain.body()).isEqualTo(duplicate.body());
            awaitRecords(Topics.LEADS_NAME, leadId, 1);
            assertThat(as(memberOf(fixture)).get("/api/leads?agencyId=" + fixture.agencyId())
                            .json()
                            .path("totalElements")
                            .asLong())
                    .isEqualTo(1);
            assertThat(recordsOf(Topics.LEADS_NAME, null).stream()
                            .filter(r -> r.value().contains(fixture.agencyId())))
                    .hasSize(1);
        }
    }

    @Nested
    class CrashRecovery {

        @Test
        void finishesALeadWhoseReferenceWasClaimedBeforeTheLeadWasWritten() {
            Fixture fixture = givenAgreementInForce();
            String claimedId = "claimed-" + UUID.randomUUID();
            mongo.getCollection("lead_references")
                    .insertOne(new Document("_id", fixture.agencyId() + "|REF-Z").append("leadId", claimedId));

            Response response = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-Z"));

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().path("leadId").asString()).isEqualTo(claimedId);
            assertThat(awaitRecords(Topics.LEADS_NAME, claimedId, 1)).hasSize(1);
        }

        @Test
        void answersTheRetryOfARequestWhoseAnswerWasNeverRecordedAsTheFirstTime() {
            Fixture fixture = givenAgreementInForce();
            String key = "key-" + UUID.randomUUID();
            Map<String, Object> body = leadBody(fixture, "REF-Y");
            Response first = as(memberOf(fixture)).submit(key, body);
            mongo.getCollection("idempotency_keys").deleteOne(new Document("_id", fixture.agencyId() + "|" + key));

            Response retry = as(memberOf(fixture)).submit(key, body);

            assertThat(retry.status()).isEqualTo(202);
            assertThat(retry.body()).isEqualTo(first.body());
            String leadId = first.json().path("leadId").asString();
            awaitRecords(Topics.LEADS_NAME, leadId, 1);
            assertThat(recordsOf(Topics.LEADS_NAME, null).stream()
                            .filter(r -> r.value().contains(fixture.agencyId())))
                    .hasSize(1);
        }

        @Test
        void acceptsConcurrentCopiesOfOneRequestAsOneLead() {
            Fixture fixture = givenAgreementInForce();
            String key = "key-" + UUID.randomUUID();
            Map<String, Object> body = leadBody(fixture, "REF-W");

            List<Response> answers =
                    IntStream.range(0, 6)
                            .mapToObj(i -> CompletableFuture.supplyAsync(() -> as(memberOf(fixture)).submit(key, body)))
                            .toList()
                            .stream()
                            .map(CompletableFuture::join)
                            .toList();

            assertThat(answers).extracting(Response::status).containsOnly(202);
            assertThat(answers)
                    .extracting(Response::body)
                    .containsOnly(answers.get(0).body());
            String leadId = answers.get(0).json().path("leadId").asString();
            awaitRecords(Topics.LEADS_NAME, leadId, 1);
            assertThat(recordsOf(Topics.LEADS_NAME, null).stream()
                            .filter(r -> r.value().contains(fixture.agencyId())))
                    .hasSize(1);
        }
    }

    @Nested
    class Operations {

        @Test
        void publishesItsOpenApiDocument() {
            Response response = anonymous().get("/v3/api-docs");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("paths").has("/api/leads")).isTrue();
            assertThat(response.json().path("paths").has("/api/leads/{leadId}")).isTrue();
        }

        @Test
        void reportsItselfHealthy() {
            Response response = anonymous().get("/actuator/health/readiness");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("status").asString()).isEqualTo("UP");
        }
    }

    @Nested
    class Triage {

        @Test
        void appliesTheSameTriageEventTwiceOnlyOnce() {
            Fixture fixture = givenAgreementInForce();
            String leadId = submitted(fixture, "REF-T");
            CloudEvent linked =
                    publish(EventTypes.LEAD_TRIAGED, leadId, triaged(leadId, fixture, "case-" + leadId, Instant.now()));
            await().atMost(PATIENCE)
                    .until(() -> as(memberOf(fixture)).get("/api/leads/" + leadId)
                            .json()
                            .path("status")
                            .asString()
                            .equals("LINKED"));

            publishRaw(Topics.LEAD_TRIAGE_NAME, leadId, CODEC.write(linked));
            CloudEvent marker =
                    publish(EventTypes.LEAD_TRIAGED, leadId, triaged(leadId, fixture, "case-" + leadId, Instant.EPOCH));
            await().atMost(PATIENCE)
                    .until(() -> processedEvents.isProcessed("intake-service.lead-triage", marker.id()));

            JsonNode lead = as(memberOf(fixture)).get("/api/leads/" + leadId).json();
            assertThat(lead.path("status").asString()).isEqualTo("LINKED");
            assertThat(lead.path("caseId").asString()).isEqualTo("case-" + leadId);
            assertThat(lead.path("version").asLong()).isEqualTo(2);
        }

        @Test
        void recordsARejectionWithItsReason() {
            Fixture fixture = givenAgreementInForce();
            String leadId = submitted(fixture, "REF-R");

            publish(
                    EventTypes.LEAD_TRIAGED,
                    leadId,
                    new LeadTriaged(
                            leadId,
                            fixture.agencyId(),
                            fixture.taskForceId(),
                            TriageOutcome.REJECTED,
                            null,
                            null,
                            null,
                            "outside the task force's mission",
                            Instant.now()));

            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode lead = as(memberOf(fixture)).get("/api/leads/" + leadId).json();
                assertThat(lead.path("status").asString()).isEqualTo("REJECTED");
                assertThat(lead.path("reason").asString()).isEqualTo("outside the task force's mission");
            });
        }

        @Test
        void sendsAPoisonRecordToTheDeadLetterTopicAndGoesOn() {
            Fixture fixture = givenAgreementInForce();
            String leadId = submitted(fixture, "REF-X");

            publishRaw(Topics.LEAD_TRIAGE_NAME, leadId, "this is not json");
            publish(EventTypes.LEAD_TRIAGED, leadId, triaged(leadId, fixture, "case-" + leadId, Instant.now()));

            List<ConsumerRecord<String, String>> dead = awaitRecords(Topics.LEAD_TRIAGE.deadLetter(), leadId, 1);
            assertThat(dead).extracting(ConsumerRecord::value).containsExactly("this is not json");
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(as(memberOf(fixture)).get("/api/leads/" + leadId)
                                    .json()
                                    .path("status")
                                    .asString())
                            .isEqualTo("LINKED"));
        }
    }

    @Nested
    class Reading {

        @Test
        void answersAnUnknownLeadWith404Problem() {
            Response response = as(memberOf(newFixture())).get("/api/leads/" + UUID.randomUUID());
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }

        @Test
        void listsAnAgencysLeadsNewestFirstPageByPage() {
            Fixture fixture = givenAgreementInForce();
            String oldest = submitted(fixture, "REF-L1");
            String middle = submitted(fixture, "REF-L2");
            String newest = submitted(fixture, "REF-L3");

            JsonNode page0 =
                    as(memberOf(fixture)).get("/api/leads?agencyId=" + fixture.agencyId() + "&size=2").json();
            JsonNode page1 = as(memberOf(fixture)).get("/api/leads?agencyId=" + fixture.agencyId() + "&size=2&page=1")
                    .json();

            assertThat(page0.path("totalElements").asLong()).isEqualTo(3);
            assertThat(page0.path("size").asInt()).isEqualTo(2);
            List<String> ids = new ArrayList<>();
            page0.path("content").forEach(lead -> ids.add(lead.path("leadId").asString()));
            page1.path("content").forEach(lead -> ids.add(lead.path("leadId").asString()));
            assertThat(ids).containsExactly(newest, middle, oldest);
        }

        @Test
        void filtersByStatus() {
            Fixture fixture = givenAgreementInForce();
            String linked = submitted(fixture, "REF-F1");
            submitted(fixture, "REF-F2");
            publish(EventTypes.LEAD_TRIAGED, linked, triaged(linked, fixture, "case-" + linked, Instant.now()));

            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode page = as(memberOf(fixture)).get("/api/leads?agencyId=" + fixture.agencyId() + "&status=LINKED")
                        .json();
                assertThat(page.path("totalElements").asLong()).isEqualTo(1);
                assertThat(page.path("content").get(0).path("leadId").asString())
                        .isEqualTo(linked);
            });
        }

        @Test
        void refusesAPageSizeAbove100() {
            Response response = as(memberOf(newFixture())).get("/api/leads?size=101");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("field").asString()).isEqualTo("size");
        }
    }
}
