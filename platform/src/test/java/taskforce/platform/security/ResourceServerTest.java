package taskforce.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.audit.AccessRecorded;
import taskforce.contracts.audit.AuditOutcome;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;
import taskforce.platform.audit.AuditTrail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every service gets from the platform: token checks, the caller from the token, and the audit trail. */
@SpringBootTest(
        classes = ResourceServerTest.SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=platform-security-test",
            "spring.kafka.consumer.group-id=security-test",
            "management.endpoints.web.exposure.include=health,info,prometheus"
        })
class ResourceServerTest {

    @SpringBootApplication
    static class SecuredApplication {

        @RestController
        static class Things {
            private final AuditTrail audit;

            Things(AuditTrail audit) {
                this.audit = audit;
            }

            @GetMapping("/api/whoami")
            Caller whoami(Caller caller) {
                return caller;
            }

            @GetMapping("/api/things/{id}")
            Map<String, String> thing(Caller caller, @PathVariable String id, @RequestParam String claimedAgency) {
                String agency = Caller.sameAsToken("agencyId", claimedAgency, caller.agencyId());
                if (!"houston-pd".equals(agency)) {
                    audit.refused(caller, "thing.read", "THING", id, "another agency's thing");
                    throw taskforce.platform.refusal.NotFound.of("thing", id);
                }
                audit.allowed(caller, "thing.read", "THING", id);
                return Map.of("id", id, "secret", "the content");
            }
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers",
                () -> SharedTestInfrastructure.kafka().bootstrapServers());
        registry.add(
                "spring.mongodb.uri", () -> SharedTestInfrastructure.mongo().uri("platform-security-test"));
        registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GARZA = TestTokens.member("hpd-officer-garza", "houston-pd", "MEMBER", "best-houston");

    @LocalServerPort
    int port;

    @Autowired
    org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails kafka;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> forwarded(String path, String token, String forwardedFor)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Forwarded-For", forwardedFor)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class Tokens {

        @Test
        void noTokenIsUnauthorizedWithAChallengeAndProblemDetails() throws Exception {
            HttpResponse<String> answer = get("/api/whoami", null);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(answer.body()).get("status").asInt()).isEqualTo(401);
        }

        @Test
        void anExpiredTokenOrOneFromAnUntrustedSignerIsUnauthorized() throws Exception {
            Map<String, Object> claims = Map.of("roles", List.of("ADMIN"));
            assertThat(get("/api/whoami", TestTokens.expired("admin", claims)).statusCode())
                    .isEqualTo(401);
            assertThat(get("/api/whoami", TestTokens.signedByStranger("admin", claims))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get("/api/whoami", "not.a.jwt").statusCode()).isEqualTo(401);
        }

        @Test
        void aRefusedTokenHearsThatItIsInvalidButNotWhyTheValidatorThinksSo() throws Exception {
            Map<String, Object> claims = Map.of("roles", List.of("ADMIN"));
            List<HttpResponse<String>> refusals = List.of(
                    get("/api/whoami", TestTokens.expired("admin", claims)),
                    get("/api/whoami", TestTokens.signedByStranger("admin", claims)),
                    get("/api/whoami", "not.a.jwt"),
                    get("/api/whoami", TestTokens.idToken("admin", "taskforce-console", claims)));

            for (HttpResponse<String> refused : refusals) {
                assertThat(refused.statusCode()).isEqualTo(401);
                String detail = JSON.readTree(refused.body()).get("detail").asString();
                String challenge =
                        refused.headers().firstValue("WWW-Authenticate").orElseThrow();
                assertThat(detail).isEqualTo(ResourceServerConfiguration.INVALID_TOKEN);
                assertThat(detail + challenge)
                        .doesNotContainIgnoringCase("jwt")
                        .doesNotContainIgnoringCase("expired at")
                        .doesNotContainIgnoringCase("decode")
                        .doesNotContainIgnoringCase("key")
                        .doesNotContain("aud");
                assertThat(challenge).startsWith("Bearer error=\"invalid_token\"");
            }
        }

        @Test
        void anIdTokenPresentedAsABearerTokenIsUnauthorized() throws Exception {
            Map<String, Object> claims =
                    Map.of("roles", List.of("MEMBER"), "agency_id", "houston-pd", "member_id", "hpd-officer-garza");
            String idToken = TestTokens.idToken("hpd-officer-garza", "taskforce-console", claims);

            assertThat(get("/api/whoami", idToken).statusCode()).isEqualTo(401);
            assertThat(get("/api/whoami", TestTokens.token("hpd-officer-garza", claims))
                            .statusCode())
                    .isEqualTo(200);
        }

        @Test
        void anAccessTokenForAnotherAudienceOrForNoneIsUnauthorized() throws Exception {
            Map<String, Object> forAnotherApi = Map.of("roles", List.of("ADMIN"), "aud", List.of("payroll-api"));
            Map<String, Object> forNobody = Map.of("roles", List.of("ADMIN"), "aud", List.of());

            assertThat(get("/api/whoami", TestTokens.token("admin", forAnotherApi))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get("/api/whoami", TestTokens.token("admin", forNobody)).statusCode())
                    .isEqualTo(401);
        }

        @Test
        void healthAndTheOpenApiDocumentAnswerWithoutAToken() throws Exception {
            assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
            assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(200);
        }

        @Test
        void theOpenApiDocumentDoesNotOfferTheCallerAsAParameter() throws Exception {
            JsonNode api = JSON.readTree(get("/v3/api-docs", null).body());
            assertThat(api.path("paths")
                            .path("/api/things/{id}")
                            .path("get")
                            .path("parameters")
                            .valueStream()
                            .map(parameter -> parameter.path("name").asString()))
                    .containsExactlyInAnyOrder("id", "claimedAgency");
            assertThat(api.path("paths")
                            .path("/api/audit")
                            .path("get")
                            .path("parameters")
                            .valueStream()
                            .map(parameter -> parameter.path("name").asString()))
                    .contains("objectId", "actorId")
                    .doesNotContain("caller");
        }

        @Test
        void theCallerComesFromTheTokensClaims() throws Exception {
            HttpResponse<String> answer = get("/api/whoami", GARZA);
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode caller = JSON.readTree(answer.body());
            assertThat(caller.get("memberId").asString()).isEqualTo("hpd-officer-garza");
            assertThat(caller.get("agencyId").asString()).isEqualTo("houston-pd");
            assertThat(caller.get("roles").get(0).asString()).isEqualTo("MEMBER");
            assertThat(caller.get("taskForceIds").get(0).asString()).isEqualTo("best-houston");
            assertThat(caller.get("remoteAddress").asString()).isNotBlank();
        }

        @Test
        void theOfficersAddressIsTakenFromTheConsoleAndFromNoOtherCaller() throws Exception {
            Map<String, Object> garza =
                    Map.of("roles", List.of("MEMBER"), "agency_id", "houston-pd", "member_id", "hpd-officer-garza");
            Map<String, Object> viaConsole = new java.util.HashMap<>(garza);
            viaConsole.put("client_id", "taskforce-console");
            Map<String, Object> viaTheShell = new java.util.HashMap<>(garza);
            viaTheShell.put("client_id", "taskforce-cli");
            String officer = "203.0.113.7";

            assertThat(remoteAddressOf(
                            forwarded("/api/whoami", TestTokens.token("hpd-officer-garza", viaConsole), officer)))
                    .isEqualTo(officer);
            assertThat(remoteAddressOf(
                            forwarded("/api/whoami", TestTokens.token("hpd-officer-garza", viaTheShell), officer)))
                    .isNotEqualTo(officer);
            assertThat(remoteAddressOf(forwarded("/api/whoami", TestTokens.token("hpd-officer-garza", garza), officer)))
                    .isNotEqualTo(officer);
            assertThat(remoteAddressOf(forwarded(
                            "/api/whoami", TestTokens.token("hpd-officer-garza", viaConsole), "<script>, 1.2.3.4")))
                    .as("only an address literal is believed")
                    .doesNotContain("script");
        }

        private String remoteAddressOf(HttpResponse<String> whoami) {
            assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
            return JSON.readTree(whoami.body()).get("remoteAddress").asString();
        }

        @Test
        void aBodyOrParameterThatContradictsTheTokenIsForbiddenNamingTheField() throws Exception {
            HttpResponse<String> answer = get("/api/things/t-1?claimedAgency=dallas-pd", GARZA);
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(answer.body()).get("field").asString()).isEqualTo("agencyId");
        }
    }

    @Nested
    class OperatorEndpoints {

        @Test
        void metricsAnswerOperatorsAndAdministratorsOnly() throws Exception {
            HttpResponse<String> operator = get("/actuator/prometheus", TestTokens.operator());
            assertThat(operator.statusCode()).as(operator.body()).isEqualTo(200);
            assertThat(operator.body()).contains("jvm_");
            assertThat(get("/actuator/prometheus", TestTokens.admin()).statusCode())
                    .isEqualTo(200);

            for (String refused :
                    List.of(GARZA, TestTokens.agencySystem("houston-pd"), TestTokens.agencyAdmin("houston-pd"))) {
                HttpResponse<String> answer = get("/actuator/prometheus", refused);
                assertThat(answer.statusCode()).isEqualTo(403);
                assertThat(answer.body()).doesNotContain("jvm_");
            }
            assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        }

        @Test
        void everyOtherActuatorEndpointButHealthIsForOperatorsToo() throws Exception {
            assertThat(get("/actuator", GARZA).statusCode()).isEqualTo(403);
            assertThat(get("/actuator/info", GARZA).statusCode()).isEqualTo(403);
            assertThat(get("/actuator/info", TestTokens.operator()).statusCode())
                    .isEqualTo(200);
            assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class DeadLetters {

        @Test
        void onlyAnAdministratorListsAndReDrivesThemAndOnlyForKnownTopics() throws Exception {
            assertThat(get("/api/dead-letters/taskforce.cases.v1", GARZA).statusCode())
                    .isEqualTo(403);
            assertThat(get("/api/dead-letters/taskforce.cases.v1", TestTokens.operator())
                            .statusCode())
                    .as("dead letters hold case content, which an operator has no need to know")
                    .isEqualTo(403);
            assertThat(post("/api/dead-letters/taskforce.cases.v1/redrive", GARZA)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(get("/api/dead-letters/no.such.topic", TestTokens.admin())
                            .statusCode())
                    .isEqualTo(404);

            HttpResponse<String> listed = get("/api/dead-letters/taskforce.audit.v1", TestTokens.admin());
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(JSON.readTree(listed.body()).isArray()).isTrue();
            HttpResponse<String> redriven = post("/api/dead-letters/taskforce.audit.v1/redrive", TestTokens.admin());
            assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
            assertThat(JSON.readTree(redriven.body()).get("topic").asString()).isEqualTo("taskforce.audit.v1");

            JsonNode handled = JSON.readTree(get("/api/audit?objectId=taskforce.audit.v1", TestTokens.admin())
                    .body());
            assertThat(handled.get("content")
                            .valueStream()
                            .map(record -> record.get("action").asString() + ":"
                                    + record.get("outcome").asString()))
                    .contains("dead-letter.list:ALLOWED", "dead-letter.redrive:ALLOWED");
            JsonNode refused = JSON.readTree(
                    get("/api/audit?objectId=taskforce.cases.v1&actorId=hpd-officer-garza", TestTokens.admin())
                            .body());
            assertThat(refused.get("content")
                            .valueStream()
                            .map(record -> record.get("action").asString() + ":"
                                    + record.get("outcome").asString()))
                    .contains("dead-letter.list:REFUSED", "dead-letter.redrive:REFUSED");
        }
    }

    @Nested
    class Audit {

        @Test
        void recordsAllowedAndRefusedAccessAndPublishesBothWithoutTheObjectsContent() throws Exception {
            String seen = "thing-" + UUID.randomUUID();
            String hidden = "thing-" + UUID.randomUUID();
            String dallas = TestTokens.member("dpd-officer-lee", "dallas-pd", "MEMBER", "best-houston");
            assertThat(get("/api/things/" + seen + "?claimedAgency=houston-pd", GARZA)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(get("/api/things/" + hidden + "?claimedAgency=", dallas).statusCode())
                    .isEqualTo(404);

            List<AccessRecorded> published = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = auditConsumer()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(record.value()).doesNotContain("the content");
                        AccessRecorded access = EventCodec.instance()
                                .payload(EventCodec.instance().read(record.value()), EventTypes.ACCESS_RECORDED);
                        if (access.objectId().equals(seen) || access.objectId().equals(hidden)) {
                            published.add(access);
                        }
                    }
                    assertThat(published).hasSize(2);
                });
            }
            AccessRecorded allowed = published.stream()
                    .filter(access -> access.objectId().equals(seen))
                    .findFirst()
                    .orElseThrow();
            assertThat(allowed.outcome()).isEqualTo(AuditOutcome.ALLOWED);
            assertThat(allowed.actorId()).isEqualTo("hpd-officer-garza");
            assertThat(allowed.agencyId()).isEqualTo("houston-pd");
            assertThat(allowed.service()).isEqualTo("platform-security-test");
            assertThat(allowed.remoteAddress()).isNotBlank();
            AccessRecorded refused = published.stream()
                    .filter(access -> access.objectId().equals(hidden))
                    .findFirst()
                    .orElseThrow();
            assertThat(refused.outcome()).isEqualTo(AuditOutcome.REFUSED);
            assertThat(refused.actorId()).isEqualTo("dpd-officer-lee");

            JsonNode whoViewed = JSON.readTree(
                    get("/api/audit?objectId=" + seen, TestTokens.admin()).body());
            assertThat(whoViewed.get("totalElements").asLong()).isEqualTo(1);
            assertThat(whoViewed.get("content").get(0).get("actorId").asString())
                    .isEqualTo("hpd-officer-garza");
            assertThat(whoViewed.get("content").get(0).has("outbox")).isFalse();

            JsonNode whatLeeDid =
                    JSON.readTree(get("/api/audit?actorId=dpd-officer-lee&outcome=REFUSED", TestTokens.admin())
                            .body());
            assertThat(whatLeeDid
                            .get("content")
                            .valueStream()
                            .map(node -> node.get("objectId").asString()))
                    .contains(hidden);
        }

        @Test
        void onlyAnAdministratorMayReadTheAuditTrail() throws Exception {
            assertThat(get("/api/audit?actorId=hpd-officer-garza", GARZA).statusCode())
                    .isEqualTo(403);
            assertThat(get("/api/audit?actorId=hpd-officer-garza", TestTokens.agencyAdmin("houston-pd"))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(get("/api/audit?actorId=hpd-officer-garza", TestTokens.admin())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(get("/api/audit", TestTokens.admin()).statusCode()).isEqualTo(400);
        }

        @Test
        void aPageOrSizeOutOfRangeIsABadRequestNamingItNeverAWrapOrA500() throws Exception {
            Map<String, String> refused = Map.of(
                    "size=0", "size",
                    "size=201", "size",
                    "page=-1", "page",
                    "page=2147483647", "page",
                    "page=99999999999", "page",
                    "page=two", "page");
            for (Map.Entry<String, String> query : refused.entrySet()) {
                HttpResponse<String> answer =
                        get("/api/audit?actorId=hpd-officer-garza&" + query.getKey(), TestTokens.admin());
                assertThat(answer.statusCode()).as(query.getKey()).isEqualTo(400);
                assertThat(JSON.readTree(answer.body()).get("field").asString())
                        .as(query.getKey())
                        .isEqualTo(query.getValue());
            }
        }

        private KafkaConsumer<String, String> auditConsumer() {
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            String.join(",", kafka.getBootstrapServers()),
                            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                            false),
                    new StringDeserializer(),
                    new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT_NAME).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        }
    }
}
