package taskforce.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.directory.AgencyType;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.TriageOutcome;
import taskforce.infra.CommandRecorder;
import taskforce.infra.IndexCoverage;
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

    @Autowired
    MeterRegistry meters;

    /** The event as a newer producer might send it: well-formed, of a type this build does not know. */
    private static String ofUnknownType(CloudEvent event, String type) {
        return CODEC.write(new CloudEvent(
                event.specversion(),
                UUID.randomUUID().toString(),
                event.source(),
                type,
                event.time(),
                event.subject(),
                event.datacontenttype(),
                event.data()));
    }

    private double skipped(String topic, String type) {
        Counter counter = meters.find("taskforce.events.skipped")
                .tag("topic", topic)
                .tag("type", type)
                .counter();
        return counter == null ? 0 : counter.count();
    }

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
                assertThat(as(memberOf(busy))
                                .submit("key-" + UUID.randomUUID(), leadBody(busy, "RL-" + i))
                                .status())
                        .as("lead %d of the limit", i + 1)
                        .isEqualTo(202);
            }

            Response refused = as(memberOf(busy)).submit("key-" + UUID.randomUUID(), leadBody(busy, "RL-10"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 3600L);

            assertThat(as(memberOf(other))
                            .submit("key-" + UUID.randomUUID(), leadBody(other, "RL-0"))
                            .status())
                    .isEqualTo(202);
            assertThat(as(memberOf(busy))
                            .get("/api/leads?agencyId=" + busy.agencyId())
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

            Response read = as(memberOf(fixture))
                    .get("/api/leads/" + accepted.json().path("leadId").asString());
            assertThat(read.json().path("agencyReference").asString()).isEqualTo("$where");
            assertThat(read.json().path("summary").asString()).isEqualTo("{\"$gt\": \"\"}");
        }

        @Test
        void neverTurnsAQueryParameterIntoAnOperator() {
            Fixture fixture = givenAgreementInForce();
            assertThat(as(memberOf(fixture))
                            .submit("key-" + UUID.randomUUID(), leadBody(fixture, "REF-OP"))
                            .status())
                    .isEqualTo(202);

            Response listed = as(memberOf(fixture))
                    .get("/api/leads?agencyId="
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
            Fixture fixture = newFixture();
            Response response = as(memberOf(fixture)).submit(null, leadBody(fixture, "REF-H"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("field").asString()).isEqualTo("Idempotency-Key");
        }

        @Test
        void refusesAnIdempotencyKeyLongerThan200Characters() {
            Fixture fixture = newFixture();
            Response response = as(memberOf(fixture)).submit("k".repeat(201), leadBody(fixture, "REF-H"));
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
        void skipsAnEventTypeItDoesNotKnowCountsItAndGoesOn() {
            Fixture fixture = newFixture();
            String type = "agency.merged-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
            CloudEvent known = CODEC.wrap(
                    EventTypes.AGENCY_UPSERTED,
                    "/case-service",
                    fixture.agencyId(),
                    Instant.now(),
                    new AgencyUpserted(fixture.agencyId(), "Agency " + fixture.agencyId(), AgencyType.LOCAL, "TX"));
            publishRaw(Topics.DIRECTORY_NAME, fixture.agencyId(), ofUnknownType(known, type));
            publishRaw(Topics.DIRECTORY_NAME, fixture.agencyId(), CODEC.write(known));

            await().atMost(PATIENCE)
                    .until(() -> directory.agency(fixture.agencyId()).isPresent());
            assertThat(skipped(Topics.DIRECTORY_NAME, type)).isEqualTo(1.0);
            assertThat(recordsOf(Topics.DIRECTORY.deadLetter(), fixture.agencyId()))
                    .isEmpty();
        }

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
            assertThat(as(memberOf(fixture))
                            .submit(key, leadBody(fixture, "REF-A"))
                            .status())
                    .isEqualTo(422);

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
            assertThat(as(memberOf(fixture))
                            .submit(key, leadBody(fixture, "REF-A"))
                            .status())
                    .isEqualTo(202);
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
            assertThat(as(memberOf(fixture))
                            .get("/api/leads?agencyId=" + fixture.agencyId())
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
            assertThat(as(memberOf(fixture))
                            .get("/api/leads?agencyId=" + fixture.agencyId())
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

            List<Response> answers = IntStream.range(0, 6)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> as(memberOf(fixture)).submit(key, body)))
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
            // the caller comes from the token, so the document must not offer it as a request parameter
            assertThat(response.json()
                            .path("paths")
                            .path("/api/leads")
                            .path("get")
                            .path("parameters")
                            .toString())
                    .contains("agencyId")
                    .doesNotContain("caller", "subject", "remoteAddress");
            assertThat(response.json()
                            .path("paths")
                            .path("/api/leads")
                            .path("post")
                            .path("parameters")
                            .toString())
                    .doesNotContain("caller", "subject", "remoteAddress");
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
                    .until(() -> as(memberOf(fixture))
                            .get("/api/leads/" + leadId)
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
                JsonNode lead =
                        as(memberOf(fixture)).get("/api/leads/" + leadId).json();
                assertThat(lead.path("status").asString()).isEqualTo("REJECTED");
                assertThat(lead.path("reason").asString()).isEqualTo("outside the task force's mission");
            });
        }

        @Test
        void skipsAnEventTypeItDoesNotKnowCountsItAndGoesOn() {
            Fixture fixture = givenAgreementInForce();
            String leadId = submitted(fixture, "REF-U");
            String type = "lead.reopened-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";

            CloudEvent known = CODEC.wrap(
                    EventTypes.LEAD_TRIAGED,
                    "/case-service",
                    leadId,
                    Instant.now(),
                    triaged(leadId, fixture, "case-" + leadId, Instant.now()));
            publishRaw(Topics.LEAD_TRIAGE_NAME, leadId, ofUnknownType(known, type));
            publishRaw(Topics.LEAD_TRIAGE_NAME, leadId, CODEC.write(known));

            await().atMost(PATIENCE).until(() -> processedEvents.isProcessed("intake-service.lead-triage", known.id()));
            assertThat(as(memberOf(fixture))
                            .get("/api/leads/" + leadId)
                            .json()
                            .path("status")
                            .asString())
                    .isEqualTo("LINKED");
            assertThat(skipped(Topics.LEAD_TRIAGE_NAME, type)).isEqualTo(1.0);
            assertThat(recordsOf(Topics.LEAD_TRIAGE.deadLetter(), leadId)).isEmpty();
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
                    .untilAsserted(() -> assertThat(as(memberOf(fixture))
                                    .get("/api/leads/" + leadId)
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

            JsonNode page0 = as(memberOf(fixture))
                    .get("/api/leads?agencyId=" + fixture.agencyId() + "&size=2")
                    .json();
            JsonNode page1 = as(memberOf(fixture))
                    .get("/api/leads?agencyId=" + fixture.agencyId() + "&size=2&page=1")
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
                JsonNode page = as(memberOf(fixture))
                        .get("/api/leads?agencyId=" + fixture.agencyId() + "&status=LINKED")
                        .json();
                assertThat(page.path("totalElements").asLong()).isEqualTo(1);
                assertThat(page.path("content").get(0).path("leadId").asString())
                        .isEqualTo(linked);
            });
        }

        @ParameterizedTest(name = "{0} -> 400 naming {1}")
        @CsvSource({"size=101, size", "size=0, size", "page=-1, page", "page=2147483647, page", "page=99999999999, page"
        })
        void refusesAPageOrSizeOutOfRangeNamingIt(String query, String field) {
            Response response = as(memberOf(newFixture())).get("/api/leads?" + query);
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().path("field").asString()).isEqualTo(field);
        }
    }

    // ---------------------------------------------------------------- access control (issue 3)

    static final String GARZA = TestTokens.member("hpd-officer-garza", "houston-pd", "MEMBER", "best-houston");
    static final String LEE = TestTokens.member("dpd-officer-lee", "dallas-pd", "MEMBER", "best-houston");
    static final String RAMIREZ = TestTokens.member("best-coordinator-ramirez", "hsi", "COORDINATOR", "best-houston");
    static final String CHEN = TestTokens.member("lapd-detective-chen", "los-angeles-pd", "MEMBER", "gang-los-angeles");

    /** The demo directory's identities, by the names the endpoint × role table uses. */
    static final Map<String, String> DEMO_TOKENS = Map.of(
            "garza",
            GARZA,
            "lee",
            LEE,
            "ramirez",
            RAMIREZ,
            "chen",
            CHEN,
            "houston-admin",
            TestTokens.agencyAdmin("houston-pd"),
            "houston-system",
            TestTokens.agencySystem("houston-pd"),
            "dallas-admin",
            TestTokens.agencyAdmin("dallas-pd"),
            "admin",
            TestTokens.admin(),
            "operator",
            TestTokens.operator());

    /**
     * Leads of the demo identities, submitted once per test JVM: every submission spends the agency's rate limit,
     * which the table's many reads must not.
     */
    private static final Map<String, String> DEMO_LEADS = new ConcurrentHashMap<>();

    /** The slice of the demo directory the table needs, as the case service publishes it. */
    private void givenDemoDirectory() {
        Map<String, String> agencies = Map.of(
                "houston-pd", "Houston Police Department",
                "dallas-pd", "Dallas Police Department",
                "hsi", "Homeland Security Investigations",
                "los-angeles-pd", "Los Angeles Police Department");
        agencies.forEach((id, name) ->
                publish(EventTypes.AGENCY_UPSERTED, id, new AgencyUpserted(id, name, AgencyType.LOCAL, "TX")));
        publish(
                EventTypes.TASK_FORCE_UPSERTED,
                "best-houston",
                new TaskForceUpserted("best-houston", "BEST Houston", "BEST", "Houston, TX"));
        publish(
                EventTypes.TASK_FORCE_UPSERTED,
                "gang-los-angeles",
                new TaskForceUpserted("gang-los-angeles", "Community Shield LA", "GANG", "Los Angeles, CA"));
        List<AgreementUpserted> agreements = List.of(
                activeAgreement("houston-pd", "best-houston"),
                activeAgreement("dallas-pd", "best-houston"),
                activeAgreement("hsi", "best-houston"),
                activeAgreement("los-angeles-pd", "gang-los-angeles"));
        agreements.forEach(agreement -> publish(EventTypes.AGREEMENT_UPSERTED, agreement.id(), agreement));
        List<MemberUpserted> members = List.of(
                demoMember("hpd-officer-garza", "houston-pd", "best-houston", MemberRole.MEMBER),
                demoMember("dpd-officer-lee", "dallas-pd", "best-houston", MemberRole.MEMBER),
                demoMember("best-coordinator-ramirez", "hsi", "best-houston", MemberRole.COORDINATOR),
                demoMember("lapd-detective-chen", "los-angeles-pd", "gang-los-angeles", MemberRole.MEMBER));
        members.forEach(member -> publish(EventTypes.MEMBER_UPSERTED, member.id(), member));
        await().atMost(PATIENCE)
                .until(() -> agencies.keySet().stream()
                                .allMatch(id -> directory.agency(id).isPresent())
                        && directory.taskForce("best-houston").isPresent()
                        && directory.taskForce("gang-los-angeles").isPresent()
                        && members.stream()
                                .allMatch(
                                        member -> directory.member(member.id()).isPresent())
                        && agreements.stream()
                                .allMatch(agreement -> !directory
                                        .agreements(agreement.agencyId(), agreement.taskForceId())
                                        .isEmpty()));
    }

    private static AgreementUpserted activeAgreement(String agencyId, String taskForceId) {
        return new AgreementUpserted(
                agencyId + "--" + taskForceId,
                agencyId,
                taskForceId,
                AgreementStatus.ACTIVE,
                LocalDate.parse("2024-10-01"),
                LocalDate.parse("2029-09-30"));
    }

    private static MemberUpserted demoMember(String id, String agencyId, String taskForceId, MemberRole role) {
        return new MemberUpserted(id, id, agencyId, null, List.of(taskForceId), role);
    }

    /** A lead to best-houston without identity fields, with a reference of its own. */
    private Map<String, Object> demoLeadBody() {
        Map<String, Object> body = withoutIdentity(leadBody(
                new Fixture(null, "best-houston", null, null),
                "DEMO-" + UUID.randomUUID().toString().substring(0, 8)));
        return body;
    }

    private String demoLead(String who) {
        return DEMO_LEADS.computeIfAbsent(who, name -> {
            givenDemoDirectory();
            Response response = as(DEMO_TOKENS.get(name)).submit("key-" + UUID.randomUUID(), demoLeadBody());
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            return response.json().path("leadId").asString();
        });
    }

    static Stream<Arguments> endpointsByRole() {
        String own = "own identity";
        String otherAgency = "agencyId=dallas-pd";
        String otherMember = "submittedBy=dpd-officer-lee";
        String garzasLead = "/api/leads/{garza's lead}";
        return Stream.of(
                Arguments.of("POST", "/api/leads", own, "garza", 202),
                Arguments.of("POST", "/api/leads", own, "ramirez", 202),
                Arguments.of("POST", "/api/leads", own, "houston-system", 202),
                Arguments.of("POST", "/api/leads", own, "houston-admin", 403),
                Arguments.of("POST", "/api/leads", own, "admin", 403),
                Arguments.of("POST", "/api/leads", own, "chen", 422),
                Arguments.of("POST", "/api/leads", own, "none", 401),
                Arguments.of("POST", "/api/leads", otherAgency, "garza", 403),
                Arguments.of("POST", "/api/leads", otherMember, "garza", 403),
                Arguments.of("POST", "/api/leads", otherMember, "houston-system", 422),
                Arguments.of("GET", garzasLead, "", "garza", 200),
                Arguments.of("GET", garzasLead, "", "houston-admin", 200),
                Arguments.of("GET", garzasLead, "", "houston-system", 200),
                Arguments.of("GET", garzasLead, "", "admin", 200),
                Arguments.of("GET", garzasLead, "", "lee", 404),
                Arguments.of("GET", garzasLead, "", "ramirez", 404),
                Arguments.of("GET", garzasLead, "", "chen", 404),
                Arguments.of("GET", garzasLead, "", "dallas-admin", 404),
                Arguments.of("GET", garzasLead, "", "none", 401),
                Arguments.of("GET", "/api/leads/no-such-lead", "", "garza", 404),
                Arguments.of("GET", "/api/leads", "", "garza", 200),
                Arguments.of("GET", "/api/leads", "", "houston-system", 200),
                Arguments.of("GET", "/api/leads", "", "admin", 200),
                Arguments.of("GET", "/api/leads?agencyId=dallas-pd", "", "garza", 200),
                Arguments.of("GET", "/api/leads", "", "none", 401),
                Arguments.of("GET", "/api/audit?objectId={garza's lead}", "", "admin", 200),
                Arguments.of("GET", "/api/audit?objectId={garza's lead}", "", "garza", 403),
                Arguments.of("GET", "/api/audit?objectId={garza's lead}", "", "houston-admin", 403),
                Arguments.of("GET", "/api/audit?objectId={garza's lead}", "", "operator", 403),
                // metrics and every other actuator endpoint but health: operators and administrators only
                // (the index stands for them where the table asks for JSON)
                Arguments.of("GET", "/actuator", "", "operator", 200),
                Arguments.of("GET", "/actuator", "", "admin", 200),
                Arguments.of("GET", "/actuator/prometheus", "", "garza", 403),
                Arguments.of("GET", "/actuator/prometheus", "", "houston-system", 403),
                Arguments.of("GET", "/actuator/prometheus", "", "houston-admin", 403),
                Arguments.of("GET", "/actuator/prometheus", "", "none", 401),
                Arguments.of("GET", "/actuator/info", "", "garza", 403),
                Arguments.of("GET", "/actuator/health", "", "none", 200));
    }

    @Nested
    class EndpointsByRole {

        @ParameterizedTest(name = "{0} {1} ({2}) as {3} -> {4}")
        @MethodSource("taskforce.intake.IntakeServiceEmbeddedTest#endpointsByRole")
        void answersEachRoleAsTheRulesSay(String method, String path, String body, String who, int expected) {
            givenDemoDirectory();
            Client client = who.equals("none") ? anonymous() : as(DEMO_TOKENS.get(who));
            Response response;
            if (method.equals("POST")) {
                Map<String, Object> lead = demoLeadBody();
                if (body.contains("=")) {
                    String[] contradiction = body.split("=", 2);
                    lead.put(contradiction[0], contradiction[1]);
                }
                response = client.submit("key-" + UUID.randomUUID(), lead);
            } else {
                response = client.get(path.replace("{garza's lead}", demoLead("garza")));
            }
            assertThat(response.status()).as(response.body()).isEqualTo(expected);
            if (expected >= 400) {
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
    }

    @Nested
    class Submitting {

        @Test
        void takesTheAgencyAndTheSubmitterFromTheTokenWhenTheBodyLeavesThemOut() {
            Fixture fixture = givenAgreementInForce();

            Response response =
                    as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), withoutIdentity(leadBody(fixture, "T-1")));

            assertThat(response.status()).as(response.body()).isEqualTo(202);
            assertThat(response.json().path("agencyId").asString()).isEqualTo(fixture.agencyId());
            assertThat(response.json().path("submittedBy").asString()).isEqualTo(fixture.memberId());
            String leadId = response.json().path("leadId").asString();
            LeadSubmitted submitted = CODEC.payload(
                    CODEC.read(awaitRecords(Topics.LEADS_NAME, leadId, 1).get(0).value()), EventTypes.LEAD_SUBMITTED);
            assertThat(submitted.agencyId()).isEqualTo(fixture.agencyId());
            assertThat(submitted.submittedBy()).isEqualTo(fixture.memberId());
        }

        @Test
        void treatsABodyThatRepeatsTheTokenAsTheSameRequestAsOneThatLeavesItOut() {
            Fixture fixture = givenAgreementInForce();
            String key = "key-" + UUID.randomUUID();

            Response without = as(memberOf(fixture)).submit(key, withoutIdentity(leadBody(fixture, "T-2")));
            Response repeating = as(memberOf(fixture)).submit(key, leadBody(fixture, "T-2"));

            assertThat(without.status()).isEqualTo(202);
            assertThat(repeating.status()).isEqualTo(202);
            assertThat(repeating.body()).isEqualTo(without.body());
        }

        @Test
        void refusesABodyThatContradictsTheTokenNamingTheFieldAndStoresNothing() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            Map<String, Object> otherAgency = leadBody(fixture, "T-3");
            otherAgency.put("agencyId", other.agencyId());
            Map<String, Object> otherMember = leadBody(fixture, "T-3");
            otherMember.put("submittedBy", other.memberId());

            Response agency = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), otherAgency);
            Response member = as(memberOf(fixture)).submit("key-" + UUID.randomUUID(), otherMember);

            assertThat(agency.status()).isEqualTo(403);
            assertThat(agency.json().path("field").asString()).isEqualTo("agencyId");
            assertThat(member.status()).isEqualTo(403);
            assertThat(member.json().path("field").asString()).isEqualTo("submittedBy");
            assertThat(totalLeadsOf(fixture)).isZero();
            assertThat(totalLeadsOf(other)).isZero();
        }

        @Test
        void refusesAgencyAdministratorsAndSystemAdministrators() {
            Fixture fixture = givenAgreementInForce();

            Response agencyAdmin = as(TestTokens.agencyAdmin(fixture.agencyId()))
                    .submit("key-" + UUID.randomUUID(), withoutIdentity(leadBody(fixture, "T-4")));
            Response admin = as(TestTokens.admin()).submit("key-" + UUID.randomUUID(), leadBody(fixture, "T-4"));

            assertThat(agencyAdmin.status()).isEqualTo(403);
            assertThat(admin.status()).isEqualTo(403);
            assertThat(totalLeadsOf(fixture)).isZero();
        }

        @Test
        void acceptsACoordinatorOfTheAgency() {
            Fixture fixture = givenAgreementInForce();
            String coordinator =
                    TestTokens.member(fixture.memberId(), fixture.agencyId(), "COORDINATOR", fixture.taskForceId());

            Response response =
                    as(coordinator).submit("key-" + UUID.randomUUID(), withoutIdentity(leadBody(fixture, "T-5")));

            assertThat(response.status()).as(response.body()).isEqualTo(202);
        }

        @Test
        void letsAnAgencySystemSubmitUnderItsClientIdOrForOneOfItsOwnMembers() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            String system = TestTokens.agencySystem(fixture.agencyId());
            Map<String, Object> forOwnMember = withoutIdentity(leadBody(fixture, "T-6b"));
            forOwnMember.put("submittedBy", fixture.memberId());
            Map<String, Object> forStranger = withoutIdentity(leadBody(fixture, "T-6c"));
            forStranger.put("submittedBy", other.memberId());

            Response underClientId =
                    as(system).submit("key-" + UUID.randomUUID(), withoutIdentity(leadBody(fixture, "T-6a")));
            Response forMember = as(system).submit("key-" + UUID.randomUUID(), forOwnMember);
            Response forOtherAgencysMember = as(system).submit("key-" + UUID.randomUUID(), forStranger);

            assertThat(underClientId.status()).as(underClientId.body()).isEqualTo(202);
            assertThat(underClientId.json().path("submittedBy").asString()).isEqualTo(fixture.agencyId() + "-system");
            assertThat(underClientId.json().path("agencyId").asString()).isEqualTo(fixture.agencyId());
            assertThat(forMember.status()).as(forMember.body()).isEqualTo(202);
            assertThat(forMember.json().path("submittedBy").asString()).isEqualTo(fixture.memberId());
            assertThat(forOtherAgencysMember.status()).isEqualTo(422);
            assertThat(forOtherAgencysMember.json().path("field").asString()).isEqualTo("submittedBy");
        }

        @Test
        void refusesAnAgencySystemNamingAnotherAgency() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            Map<String, Object> body = leadBody(other, "T-7");
            body.remove("submittedBy");

            Response response =
                    as(TestTokens.agencySystem(fixture.agencyId())).submit("key-" + UUID.randomUUID(), body);

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().path("field").asString()).isEqualTo("agencyId");
        }
    }

    @Nested
    class ReadingAsTheTokenAllows {

        @Test
        void showsALeadToEveryCallerOfItsAgencyAndToSystemAdministrators() {
            Fixture fixture = givenAgreementInForce();
            String leadId = submitted(fixture, "R-1");
            String colleague = TestTokens.member("colleague-" + UUID.randomUUID(), fixture.agencyId(), "MEMBER");

            for (String token : List.of(
                    memberOf(fixture),
                    colleague,
                    TestTokens.agencyAdmin(fixture.agencyId()),
                    TestTokens.agencySystem(fixture.agencyId()),
                    TestTokens.admin())) {
                Response read = as(token).get("/api/leads/" + leadId);
                assertThat(read.status()).as(read.body()).isEqualTo(200);
                assertThat(read.json().path("leadId").asString()).isEqualTo(leadId);
            }
        }

        @Test
        void answersAnotherAgencysLeadExactlyAsAMissingOne() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            String leadId = submitted(fixture, "R-2");
            String missingId = UUID.randomUUID().toString();

            for (String token : List.of(memberOf(other), TestTokens.agencyAdmin(other.agencyId()))) {
                Response hidden = as(token).get("/api/leads/" + leadId);
                Response missing = as(token).get("/api/leads/" + missingId);

                assertThat(hidden.status()).isEqualTo(404);
                assertThat(hidden.contentType()).isEqualTo(missing.contentType());
                assertThat(fieldNames(hidden.json())).isEqualTo(fieldNames(missing.json()));
                assertThat(hidden.json().path("title").asString())
                        .isEqualTo(missing.json().path("title").asString());
                assertThat(hidden.json().path("detail").asString().replace(leadId, "ID"))
                        .isEqualTo(missing.json().path("detail").asString().replace(missingId, "ID"));
                assertThat(hidden.body()).doesNotContain(fixture.agencyId(), "Stash house");
            }
        }

        @Test
        void listsOnlyTheCallersAgencysLeadsAndAnswersAFilterForAnotherAgencyWithNothing() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            String own = submitted(fixture, "R-3");
            String others = submitted(other, "R-3");

            JsonNode unfiltered =
                    as(memberOf(fixture)).get("/api/leads?size=100").json();
            Response filteredOnOther = as(memberOf(fixture)).get("/api/leads?agencyId=" + other.agencyId());

            assertThat(leadIds(unfiltered)).contains(own).doesNotContain(others);
            unfiltered
                    .path("content")
                    .forEach(
                            lead -> assertThat(lead.path("agencyId").asString()).isEqualTo(fixture.agencyId()));
            assertThat(filteredOnOther.status()).isEqualTo(200);
            assertThat(filteredOnOther.json().path("totalElements").asLong()).isZero();
            assertThat(filteredOnOther.json().path("content").size()).isZero();
        }

        @Test
        void listsEveryAgencysLeadsToASystemAdministrator() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            String one = submitted(fixture, "R-4");
            String two = submitted(other, "R-4");

            JsonNode all = as(TestTokens.admin()).get("/api/leads?size=100").json();
            JsonNode ofOther = as(TestTokens.admin())
                    .get("/api/leads?agencyId=" + other.agencyId())
                    .json();

            assertThat(leadIds(all)).contains(one, two);
            assertThat(leadIds(ofOther)).containsExactly(two);
        }

        @Test
        void refusesEveryCallWithoutAValidToken() {
            Fixture fixture = givenAgreementInForce();
            String leadId = submitted(fixture, "R-5");

            Response read = anonymous().get("/api/leads/" + leadId);
            Response submit = anonymous().submit("key-" + UUID.randomUUID(), leadBody(fixture, "R-6"));
            Response forged = as(TestTokens.signedByStranger(fixture.memberId(), Map.of("roles", List.of("ADMIN"))))
                    .get("/api/leads/" + leadId);

            assertThat(read.status()).isEqualTo(401);
            assertThat(read.body()).doesNotContain("Stash house");
            assertThat(submit.status()).isEqualTo(401);
            assertThat(forged.status()).isEqualTo(401);
            assertThat(totalLeadsOf(fixture)).isEqualTo(1);
        }
    }

    @Nested
    class AuditTrail {

        @Test
        void recordsEverySubmissionReadAndListingAllowedOrRefusedWithoutTheLeadsContent() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            String leadId = submitted(fixture, "A-1");
            as(memberOf(fixture)).get("/api/leads/" + leadId);
            as(memberOf(other)).get("/api/leads/" + leadId);
            as(memberOf(other)).get("/api/leads?agencyId=" + fixture.agencyId());
            as(memberOf(fixture)).get("/api/leads?agencyId=" + fixture.agencyId());
            Map<String, Object> contradicting = leadBody(other, "A-2");
            contradicting.put("agencyId", fixture.agencyId());
            as(memberOf(other)).submit("key-" + UUID.randomUUID(), contradicting);

            List<JsonNode> ofLead = audit("objectId=" + leadId);
            assertThat(ofLead)
                    .extracting(record -> record.path("action").asString()
                            + " " + record.path("outcome").asString()
                            + " " + record.path("actorId").asString())
                    .containsExactlyInAnyOrder(
                            "lead.submit ALLOWED " + fixture.memberId(),
                            "lead.read ALLOWED " + fixture.memberId(),
                            // the listing showed the lead too, so it counts as read
                            "lead.read ALLOWED " + fixture.memberId(),
                            "lead.read REFUSED " + other.memberId());
            JsonNode refusedRead = ofLead.stream()
                    .filter(record -> record.path("outcome").asString().equals("REFUSED"))
                    .findFirst()
                    .orElseThrow();
            assertThat(refusedRead.path("agencyId").asString()).isEqualTo(other.agencyId());
            assertThat(refusedRead.path("reason").asString()).isEqualTo("not a lead of the caller's agency");
            assertThat(refusedRead.path("remoteAddress").asString()).isNotBlank();

            assertThat(audit("objectId=" + fixture.agencyId() + "&action=lead.list"))
                    .extracting(record -> record.path("outcome").asString() + " "
                            + record.path("actorId").asString())
                    .containsExactlyInAnyOrder("REFUSED " + other.memberId(), "ALLOWED " + fixture.memberId());
            List<JsonNode> refusedSubmission = audit("actorId=" + other.memberId() + "&action=lead.submit");
            assertThat(refusedSubmission).hasSize(1);
            assertThat(refusedSubmission.get(0).path("outcome").asString()).isEqualTo("REFUSED");
            assertThat(refusedSubmission.get(0).path("objectId").asString()).isEqualTo("*");
            assertThat(refusedSubmission.get(0).path("reason").asString())
                    .isEqualTo("agencyId does not match the caller's token");

            Response notAccepted = as(TestTokens.member(
                            other.memberId(), "no-such-agency-" + UUID.randomUUID(), "MEMBER"))
                    .submit("key-" + UUID.randomUUID(), withoutIdentity(leadBody(other, "A-3")));
            assertThat(notAccepted.status()).isEqualTo(422);
            assertThat(audit("actorId=" + other.memberId() + "&action=lead.submit"))
                    .extracting(record -> record.path("reason").asString())
                    .contains("not accepted: 422 Lead not accepted");

            List<ConsumerRecord<String, String>> published = awaitRecords(Topics.AUDIT_NAME, leadId, 3);
            assertThat(published)
                    .extracting(ConsumerRecord::value)
                    .noneMatch(value ->
                            value.contains("Stash house") || value.contains("Juan Perez") || value.contains("A-1"));
        }

        private List<JsonNode> audit(String query) {
            Response response = as(TestTokens.admin()).get("/api/audit?size=200&" + query);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("Stash house", "Juan Perez");
            List<JsonNode> records = new ArrayList<>();
            response.json().path("content").forEach(records::add);
            return records;
        }
    }

    @Nested
    class Purge {

        /** A lead whose every field the agency sent is a string no other test writes, so a search finds only it. */
        private Map<String, Object> distinctLead(Fixture fixture, String tag) {
            Map<String, Object> body = leadBody(fixture, "REF-" + tag);
            body.put("summary", "Summary " + tag);
            body.put("narrative", "Narrative " + tag);
            first(body, "subjects").put("name", "Subject " + tag);
            first(body, "subjects").put("aliases", List.of("Alias " + tag));
            first(body, "identifiers").put("type", "EMAIL");
            first(body, "identifiers").put("value", "id-" + tag + "@example.org");
            first(Map.of("l", List.of(body.get("location"))), "l").put("address", "Street " + tag);
            return body;
        }

        /** What the agency sent, and what was derived from it, by which a purged lead could be found again. */
        private List<String> contentOf(String tag) {
            return List.of(
                    "REF-" + tag,
                    "Summary " + tag,
                    "Narrative " + tag,
                    "Subject " + tag,
                    "Alias " + tag,
                    "id-" + tag + "@example.org",
                    "Street " + tag);
        }

        /** Every document of every collection of intake's database, as JSON, by collection. */
        private Map<String, List<String>> everyDocument() {
            Map<String, List<String>> documents = new LinkedHashMap<>();
            for (String collection : mongo.getCollectionNames()) {
                List<String> json = new ArrayList<>();
                mongo.getCollection(collection).find().forEach(doc -> json.add(doc.toJson()));
                documents.put(collection, json);
            }
            return documents;
        }

        /** The collections in which any of the strings occurs. */
        private Map<String, List<String>> whereFound(Map<String, List<String>> documents, List<String> strings) {
            Map<String, List<String>> found = new LinkedHashMap<>();
            documents.forEach((collection, json) -> json.stream()
                    .filter(doc -> strings.stream().anyMatch(doc::contains))
                    .forEach(doc -> found.computeIfAbsent(collection, c -> new ArrayList<>())
                            .add(doc)));
            return found;
        }

        private static String numberOf(String caseId) {
            return "BEST-HOU-FY27-" + caseId.substring(caseId.length() - 12);
        }

        private CloudEvent purge(String caseId, Fixture fixture, List<String> leadIds) {
            return publish(
                    EventTypes.CASE_PURGED,
                    caseId,
                    new CasePurged(
                            caseId,
                            numberOf(caseId),
                            fixture.taskForceId(),
                            leadIds,
                            PurgeCause.REVIEW_DECISION,
                            "coordinator-" + fixture.memberId(),
                            Instant.now()));
        }

        /** Submits the lead and links it to the case, as triage reports it; the case's number is its id's tail. */
        private String linked(Fixture fixture, String key, Map<String, Object> body, String caseId) {
            Response accepted = as(memberOf(fixture)).submit(key, body);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String leadId = accepted.json().path("leadId").asString();
            publish(
                    EventTypes.LEAD_TRIAGED,
                    leadId,
                    new LeadTriaged(
                            leadId,
                            fixture.agencyId(),
                            fixture.taskForceId(),
                            TriageOutcome.LINKED,
                            caseId,
                            numberOf(caseId),
                            true,
                            null,
                            Instant.now()));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(as(memberOf(fixture))
                                    .get("/api/leads/" + leadId)
                                    .json()
                                    .path("status")
                                    .asString())
                            .isEqualTo("LINKED"));
            return leadId;
        }

        @Test
        void erasesThePurgedCasesLeadsFromEveryCollectionButTheAuditTrailAndLeavesAStubTheAgencyReadsAsGone() {
            Fixture fixture = givenAgreementInForce();
            Fixture other = givenAgreementInForce();
            String tag = UUID.randomUUID().toString();
            String otherTag = UUID.randomUUID().toString();
            String keptTag = UUID.randomUUID().toString();
            String caseId = "case-" + UUID.randomUUID();
            String caseNumber = numberOf(caseId);
            String firstKey = "key-" + UUID.randomUUID();
            String duplicateKey = "key-" + UUID.randomUUID();
            String secondKey = "key-" + UUID.randomUUID();
            String first = linked(fixture, firstKey, distinctLead(fixture, tag), caseId);
            // the same record number again: answered with the first lead, whose content that answer now holds too
            Response duplicate = as(memberOf(fixture)).submit(duplicateKey, distinctLead(fixture, tag));
            assertThat(duplicate.status()).isEqualTo(200);
            assertThat(duplicate.body()).contains("Narrative " + tag);
            String second = linked(fixture, secondKey, distinctLead(fixture, otherTag), caseId);
            String kept =
                    linked(fixture, "key-" + UUID.randomUUID(), distinctLead(fixture, keptTag), "case-" + keptTag);
            List<String> purgedContent = new ArrayList<>(contentOf(tag));
            purgedContent.addAll(contentOf(otherTag));
            purgedContent.addAll(List.of(caseId, caseNumber, firstKey, duplicateKey, secondKey));
            assertThat(whereFound(everyDocument(), purgedContent))
                    .as("before the purge the store holds the leads' content, so the search below can find it")
                    .containsKeys("leads", "idempotency_keys", "lead_references");
            assertThat(whereFound(everyDocument(), List.of(caseId, caseNumber)))
                    .as("and the case the leads were linked to")
                    .containsKey("leads");

            storeCommands.clear();
            storeCommands.resume();
            try {
                purge(caseId, fixture, List.of(first, second));
                await().atMost(PATIENCE).untilAsserted(() -> {
                    for (String leadId : List.of(first, second)) {
                        Response gone = as(memberOf(fixture)).get("/api/leads/" + leadId);
                        assertThat(gone.status()).as(gone.body()).isEqualTo(410);
                    }
                });
            } finally {
                storeCommands.pause();
            }

            Response gone = as(memberOf(fixture)).get("/api/leads/" + first);
            assertThat(gone.contentType()).startsWith("application/problem+json");
            assertThat(gone.json().path("leadId").asString()).isEqualTo(first);
            assertThat(gone.json().path("agencyId").asString()).isEqualTo(fixture.agencyId());
            assertThat(gone.json().path("leadStatus").asString()).isEqualTo("PURGED");
            assertThat(gone.json().path("purgedAt").asString()).isNotBlank();
            assertThat(gone.body()).doesNotContain(caseId, caseNumber, "Narrative " + tag);
            assertThat(as(memberOf(other)).get("/api/leads/" + first).status())
                    .as("to another agency a purged lead is as missing as any other")
                    .isEqualTo(404);
            assertThat(leadIds(as(memberOf(fixture))
                            .get("/api/leads?agencyId=" + fixture.agencyId())
                            .json()))
                    .containsExactly(kept);

            Map<String, List<String>> documents = everyDocument();
            Map<String, List<String>> content = whereFound(documents, purgedContent);
            assertThat(content.keySet())
                    .as("the leads' content, the case and the keys of their requests: %s", content)
                    .isEmpty();
            Map<String, List<String>> ids = whereFound(documents, List.of(first, second));
            assertThat(ids.keySet())
                    .as("the purged leads' ids: %s", ids)
                    .isSubsetOf("purged_leads", "audit", "audit_pending");
            assertThat(ids.get("purged_leads")).hasSize(2);
            assertThat(whereFound(documents, contentOf(keptTag)).keySet())
                    .as("a lead of another case keeps everything")
                    .contains("leads", "idempotency_keys", "lead_references");
            assertThat(auditOf(first))
                    .as("the audit trail keeps what was done with the lead")
                    .contains("lead.submit ALLOWED", "lead.read ALLOWED");

            List<CommandRecorder.Sent> sent = storeCommands.sent();
            assertThat(sent)
                    .as("the recording heard the erasure")
                    .anySatisfy(command -> assertThat(command.collection()).isEqualTo("purged_leads"));
            assertThat(IndexCoverage.unexplained(mongo, sent)).isEmpty();
        }

        @Test
        void repeatsNothingWhenThePurgeOrAnEarlierTriageComesAgain() {
            Fixture fixture = givenAgreementInForce();
            String tag = UUID.randomUUID().toString();
            String caseId = "case-" + UUID.randomUUID();
            String leadId = linked(fixture, "key-" + UUID.randomUUID(), distinctLead(fixture, tag), caseId);
            CloudEvent purge = purge(caseId, fixture, List.of(leadId));
            await().atMost(PATIENCE)
                    .until(() ->
                            as(memberOf(fixture)).get("/api/leads/" + leadId).status() == 410);
            String purgedAt = as(memberOf(fixture))
                    .get("/api/leads/" + leadId)
                    .json()
                    .path("purgedAt")
                    .asString();

            // the same event redelivered, the purge published again under a new id, a triage report re-driven
            publishRaw(Topics.CASES_NAME, caseId, CODEC.write(purge));
            CloudEvent again = purge(caseId, fixture, List.of(leadId));
            CloudEvent redriven = publish(
                    EventTypes.LEAD_TRIAGED,
                    leadId,
                    triaged(leadId, fixture, caseId, Instant.now().plusSeconds(1)));
            await().atMost(PATIENCE)
                    .until(() -> processedEvents.isProcessed("intake-service.case-purge", again.id())
                            && processedEvents.isProcessed("intake-service.lead-triage", redriven.id()));

            Response gone = as(memberOf(fixture)).get("/api/leads/" + leadId);
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.json().path("purgedAt").asString())
                    .as("the first purge's time")
                    .isEqualTo(purgedAt);
            assertThat(whereFound(everyDocument(), contentOf(tag))).isEmpty();
            assertThat(mongo.getCollection("leads")
                            .find(new Document("_id", leadId))
                            .first())
                    .isNull();
            assertThat(recordsOf(Topics.LEAD_TRIAGE.deadLetter(), leadId)).isEmpty();
        }

        @Test
        void finishesAnErasureThatACrashLeftHalfDone() {
            Fixture fixture = givenAgreementInForce();
            String tag = UUID.randomUUID().toString();
            String caseId = "case-" + UUID.randomUUID();
            String key = "key-" + UUID.randomUUID();
            String leadId = linked(fixture, key, distinctLead(fixture, tag), caseId);
            // as a consumer that stopped after the stub and the idempotency record, before the reference and the lead
            mongo.getCollection("purged_leads")
                    .insertOne(new Document("_id", leadId)
                            .append("agencyId", fixture.agencyId())
                            .append("status", "PURGED")
                            .append("purgedAt", new java.util.Date()));
            mongo.getCollection("idempotency_keys").deleteOne(new Document("_id", fixture.agencyId() + "|" + key));
            assertThat(as(memberOf(fixture)).get("/api/leads/" + leadId).status())
                    .as("the lead's document still answers")
                    .isEqualTo(200);

            purge(caseId, fixture, List.of(leadId));

            await().atMost(PATIENCE)
                    .until(() ->
                            as(memberOf(fixture)).get("/api/leads/" + leadId).status() == 410);
            assertThat(whereFound(everyDocument(), contentOf(tag))).isEmpty();
        }

        private List<String> auditOf(String leadId) {
            Response response = as(TestTokens.admin()).get("/api/audit?size=200&objectId=" + leadId);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            List<String> records = new ArrayList<>();
            response.json()
                    .path("content")
                    .forEach(record -> records.add(record.path("action").asString() + " "
                            + record.path("outcome").asString()));
            return records;
        }
    }

    @Nested
    class Merge {

        private static String numberOf(String caseId) {
            return "BEST-HOU-FY27-" + caseId.substring(caseId.length() - 12);
        }

        private CloudEvent triagedInto(Fixture fixture, String leadId, String caseId, Instant at) {
            return publish(
                    EventTypes.LEAD_TRIAGED,
                    leadId,
                    new LeadTriaged(
                            leadId,
                            fixture.agencyId(),
                            fixture.taskForceId(),
                            TriageOutcome.LINKED,
                            caseId,
                            numberOf(caseId),
                            true,
                            null,
                            at));
        }

        /** Submits a lead and links it to the case, as triage reports it; the case's number is its id's tail. */
        private String linked(Fixture fixture, String reference, String caseId) {
            String leadId = submitted(fixture, reference);
            triagedInto(fixture, leadId, caseId, Instant.now());
            await().atMost(PATIENCE)
                    .untilAsserted(() ->
                            assertThat(caseOf(fixture, leadId)).containsExactly("LINKED", caseId, numberOf(caseId)));
            return leadId;
        }

        private List<String> caseOf(Fixture fixture, String leadId) {
            JsonNode lead = as(memberOf(fixture)).get("/api/leads/" + leadId).json();
            return List.of(
                    lead.path("status").asString(),
                    lead.path("caseId").asString(),
                    lead.path("caseNumber").asString());
        }

        /** Case-service's {@code case.absorbed.v1} on the survivor: the merged case's leads that moved. */
        private CloudEvent absorbed(String survivor, String merged, Fixture fixture, List<String> leadIds) {
            return publish(
                    EventTypes.CASE_ABSORBED,
                    survivor,
                    new CaseAbsorbed(
                            survivor,
                            numberOf(survivor),
                            fixture.taskForceId(),
                            merged,
                            numberOf(merged),
                            "the same crew",
                            "coordinator-" + fixture.memberId(),
                            Instant.now(),
                            leadIds,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of()));
        }

        @Test
        void aLeadOfTheMergedCaseAnswersTheSurvivorOnceAndForAll() {
            Fixture fixture = givenAgreementInForce();
            String merged = "case-" + UUID.randomUUID();
            String survivor = "case-" + UUID.randomUUID();
            String moved = linked(fixture, "REF-M1", merged);
            String notNamed = linked(fixture, "REF-M2", merged);
            String inSurvivor = linked(fixture, "REF-M3", survivor);
            long versionInSurvivor = as(memberOf(fixture))
                    .get("/api/leads/" + inSurvivor)
                    .json()
                    .path("version")
                    .asLong();
            String unknown = "lead-" + UUID.randomUUID();

            storeCommands.clear();
            storeCommands.resume();
            CloudEvent merge;
            try {
                merge = absorbed(survivor, merged, fixture, List.of(moved, inSurvivor, unknown));
                await().atMost(PATIENCE)
                        .untilAsserted(() -> assertThat(caseOf(fixture, moved))
                                .containsExactly("LINKED", survivor, numberOf(survivor)));
                await().atMost(PATIENCE)
                        .until(() -> processedEvents.isProcessed("intake-service.case-absorb", merge.id()));
            } finally {
                storeCommands.pause();
            }
            JsonNode lead = as(memberOf(fixture)).get("/api/leads/" + moved).json();
            assertThat(lead.path("movedAt").asString()).isNotBlank();
            assertThat(lead.path("triagedAt").asString())
                    .as("triage's decision keeps its time")
                    .isNotBlank();
            long versionMoved = lead.path("version").asLong();

            // the same event redelivered and published again, triage reports into the merged case late or re-driven
            publishRaw(Topics.CASES_NAME, survivor, CODEC.write(merge));
            CloudEvent again = absorbed(survivor, merged, fixture, List.of(moved));
            CloudEvent late = triagedInto(fixture, moved, merged, Instant.now().minusMillis(500));
            CloudEvent redriven = triagedInto(
                    fixture, moved, merged, Instant.parse(lead.path("triagedAt").asString()));
            await().atMost(PATIENCE)
                    .until(() -> processedEvents.isProcessed("intake-service.case-absorb", again.id())
                            && processedEvents.isProcessed("intake-service.lead-triage", late.id())
                            && processedEvents.isProcessed("intake-service.lead-triage", redriven.id()));

            JsonNode after = as(memberOf(fixture)).get("/api/leads/" + moved).json();
            assertThat(after.path("caseId").asString()).isEqualTo(survivor);
            assertThat(after.path("caseNumber").asString()).isEqualTo(numberOf(survivor));
            assertThat(after.path("version").asLong())
                    .as("nothing written again")
                    .isEqualTo(versionMoved);
            assertThat(caseOf(fixture, notNamed))
                    .as("a lead the merge did not name stays where triage put it")
                    .containsExactly("LINKED", merged, numberOf(merged));
            JsonNode already =
                    as(memberOf(fixture)).get("/api/leads/" + inSurvivor).json();
            assertThat(already.path("version").asLong())
                    .as("a lead in the survivor already is left alone")
                    .isEqualTo(versionInSurvivor);
            assertThat(already.has("movedAt")).isFalse();
            assertThat(mongo.getCollection("leads")
                            .find(new Document("_id", unknown))
                            .first())
                    .as("a lead intake does not hold is not made up")
                    .isNull();
            assertThat(recordsOf(Topics.CASES.deadLetter(), survivor)).isEmpty();
            assertThat(recordsOf(Topics.LEAD_TRIAGE.deadLetter(), moved)).isEmpty();

            List<CommandRecorder.Sent> sent = storeCommands.sent();
            assertThat(sent)
                    .as("the recording heard the move")
                    .anySatisfy(command -> assertThat(command.collection()).isEqualTo("leads"));
            assertThat(IndexCoverage.unexplained(mongo, sent)).isEmpty();
        }

        @Test
        void aLeadMovedBeforeItsTriageReportCameIsNotTakenBackByIt() {
            Fixture fixture = givenAgreementInForce();
            String merged = "case-" + UUID.randomUUID();
            String survivor = "case-" + UUID.randomUUID();
            String leadId = submitted(fixture, "REF-M4");
            Instant linkedAt = Instant.now();

            CloudEvent merge = absorbed(survivor, merged, fixture, List.of(leadId));
            await().atMost(PATIENCE).until(() -> processedEvents.isProcessed("intake-service.case-absorb", merge.id()));
            CloudEvent report = triagedInto(fixture, leadId, merged, linkedAt);
            await().atMost(PATIENCE)
                    .until(() -> processedEvents.isProcessed("intake-service.lead-triage", report.id()));

            assertThat(caseOf(fixture, leadId)).containsExactly("LINKED", survivor, numberOf(survivor));
        }
    }

    private long totalLeadsOf(Fixture fixture) {
        return as(memberOf(fixture))
                .get("/api/leads?agencyId=" + fixture.agencyId())
                .json()
                .path("totalElements")
                .asLong();
    }

    private static List<String> leadIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("content").forEach(lead -> ids.add(lead.path("leadId").asString()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode problem) {
        List<String> names = new ArrayList<>();
        problem.propertyNames().forEach(names::add);
        return names;
    }
}
