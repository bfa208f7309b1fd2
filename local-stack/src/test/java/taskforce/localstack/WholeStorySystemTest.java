package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.Cases;
import taskforce.cases.transfer.Transfers;
import taskforce.contracts.Topics;
import taskforce.infra.CommandRecorder;
import taskforce.infra.IndexCoverage;
import taskforce.platform.outbox.OutboxRelay;
import tools.jackson.databind.JsonNode;

/**
 * The story of the foundation issue, walked over HTTP as its users would, against the three services running
 * on one real Kafka broker, one MongoDB wire-protocol store and one SMTP server, every call carrying a real token
 * from the stack's identity provider. Each step builds on the one before, so they run in order and share the case
 * they create; the last steps try what the access rules forbid.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeStorySystemTest {

    // demo directory, seeded by case-service on first start
    static final String TASK_FORCE = "best-houston";
    static final String HOUSTON = "houston-pd";
    static final String HOUSTON_OFFICER = "hpd-officer-garza";
    static final String DALLAS = "dallas-pd";
    static final String DALLAS_OFFICER = "dpd-officer-lee";
    static final String COORDINATOR = "best-coordinator-ramirez";
    static final String FEDERAL_AGENT = "hsi-agent-nguyen";
    static final String OTHER_TASK_FORCE_DETECTIVE = "lapd-detective-chen";

    // who calls: each with a token the identity provider issued
    static Http garza;
    static Http lee;
    static Http coordinator;
    static Http nguyen;
    static Http chen;
    static Http houstonSystem;
    static Http admin;

    static LocalStack stack;
    /** Every command the three services send the store, for the scan check at the end of the story. */
    static final CommandRecorder storeCommands = new CommandRecorder();

    static WebhookReceiver receiver;
    static String subscriptionId;
    static final String run = UUID.randomUUID().toString().substring(0, 8);

    // what the steps learn and hand on
    static String firstLeadId;
    static String firstLeadKey;
    static Map<String, Object> firstLead;
    static JsonNode firstAnswer;
    static String caseId;
    static String caseNumber;
    static String gangCaseId;
    static String gangCaseNumber;
    static String transferredCaseId;
    static String mergedCaseId;
    static String survivingCaseId;

    @BeforeAll
    static void startTheSystem() {
        stack = LocalStack.start(LocalStack.Options.forTests()
                .recordingStoreCommands(storeCommands)
                // the short load at the end submits faster than an agency may in production
                .withServiceArguments("--resilience4j.ratelimiter.instances.lead-submission.limit-for-period=100000"));
        garza = Http.user(stack, HOUSTON_OFFICER);
        lee = Http.user(stack, DALLAS_OFFICER);
        coordinator = Http.user(stack, COORDINATOR);
        nguyen = Http.user(stack, FEDERAL_AGENT);
        chen = Http.user(stack, OTHER_TASK_FORCE_DETECTIVE);
        houstonSystem = Http.agencySystem(stack, HOUSTON);
        admin = Http.user(stack, "admin");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        receiver = new WebhookReceiver(secret);
        Http.Response[] created = new Http.Response[1];
        // a fresh notification-service learns the agreements from the directory topic first; until then it refuses
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    created[0] = houstonSystem.post(
                            stack.notificationsUrl() + "/api/subscriptions",
                            Map.of(
                                    "agencyId", HOUSTON,
                                    "scope", Map.of("taskForceId", TASK_FORCE),
                                    "channel", Map.of("type", "WEBHOOK", "url", receiver.url(), "secret", secret)));
                    assertThat(created[0].status())
                            .as(created[0].body().toString())
                            .isEqualTo(201);
                });
        subscriptionId = created[0].body().get("id").asString();
    }

    @AfterAll
    static void stopTheSystem() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static Map<String, Object> lead(String agency, String officer, String reference, String phone) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("agencyId", agency);
        lead.put("submittedBy", officer);
        lead.put("taskForceId", TASK_FORCE);
        lead.put("agencyReference", reference);
        lead.put("priority", "PRIORITY");
        lead.put("summary", "Stash house suspected on Bissonnet St " + run);
        lead.put("narrative", "Caller reports a dozen people kept in a house; vans arrive at night.");
        lead.put("occurredAt", Instant.now().minusSeconds(3600).toString());
        lead.put(
                "location",
                Map.of(
                        "address",
                        "8100 Bissonnet St",
                        "city",
                        "Houston",
                        "state",
                        "TX",
                        "latitude",
                        29.69,
                        "longitude",
                        -95.51));
        // no date of birth: leads of this story meet through their phones, never as the same person
        lead.put("subjects", List.of(Map.of("name", "Juan Perez", "role", "SUSPECT")));
        lead.put("identifiers", List.of(Map.of("type", "PHONE", "value", phone)));
        return lead;
    }

    /** Submits until intake has learned the directory from Kafka (a fresh stack needs a moment), then returns the answer. */
    static Http.Response submit(Http as, Map<String, Object> lead, String idempotencyKey) {
        return submit(stack, as, lead, idempotencyKey);
    }

    static Http.Response submit(LocalStack stack, Http as, Map<String, Object> lead, String idempotencyKey) {
        Http.Response[] answer = new Http.Response[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    answer[0] =
                            as.post(stack.intakeUrl() + "/api/leads", lead, Map.of("Idempotency-Key", idempotencyKey));
                    return answer[0].status() != 422;
                });
        return answer[0];
    }

    static JsonNode awaitLinked(Http as, String leadId) {
        return awaitLinked(stack, as, leadId);
    }

    static JsonNode awaitLinked(LocalStack stack, Http as, String leadId) {
        JsonNode[] lead = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    lead[0] = as.get(stack.intakeUrl() + "/api/leads/" + leadId).body();
                    assertThat(lead[0].path("status").asString()).isEqualTo("LINKED");
                });
        return lead[0];
    }

    @Test
    @Order(0)
    void everyServiceReportsHealthAndPublishesItsApiAndMetricsAndRefusesCallsWithoutAToken() {
        for (String service : List.of(stack.intakeUrl(), stack.casesUrl(), stack.notificationsUrl())) {
            assertThat(Http.ANONYMOUS
                            .get(service + "/actuator/health")
                            .body()
                            .path("status")
                            .asString())
                    .as(service)
                    .isEqualTo("UP");
            assertThat(Http.ANONYMOUS
                            .get(service + "/v3/api-docs")
                            .body()
                            .path("openapi")
                            .asString())
                    .as(service + " OpenAPI document")
                    .startsWith("3.");
            assertThat(admin.getText(service + "/actuator/prometheus"))
                    .as(service + " metrics")
                    .contains("jvm_memory_used_bytes");
        }
        for (String api : List.of(
                stack.intakeUrl() + "/api/leads",
                stack.casesUrl() + "/api/cases",
                stack.notificationsUrl() + "/api/subscriptions")) {
            Http.Response refused = Http.ANONYMOUS.get(api);
            assertThat(refused.status()).as(api).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).as(api).startsWith("Bearer");
        }
    }

    @Test
    @Order(0)
    void everyServerListensOnTheLoopbackInterfaceAndOnNoOther() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (String url : List.of(
                stack.consoleUrl(),
                stack.identityUrl(),
                stack.intakeUrl(),
                stack.casesUrl(),
                stack.notificationsUrl(),
                stack.mongoUri())) {
            ports.add(java.net.URI.create(url).getPort());
        }
        ports.add(stack.smtp().smtpPort());
        ports.add(stack.smtp().imapPort());
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        List<java.net.InetAddress> outward =
                java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                        .filter(network -> !isLoopback(network))
                        .flatMap(network -> java.util.Collections.list(network.getInetAddresses()).stream())
                        .filter(address -> address instanceof java.net.Inet4Address && !address.isLinkLocalAddress())
                        .toList();

        for (int port : ports) {
            assertThat(accepts(loopback, port)).as("127.0.0.1:" + port).isTrue();
            for (java.net.InetAddress address : outward) {
                assertThat(accepts(address, port))
                        .as(address.getHostAddress() + ":" + port + " must not answer")
                        .isFalse();
            }
        }
    }

    private static boolean isLoopback(java.net.NetworkInterface network) {
        try {
            return network.isLoopback() || !network.isUp();
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private static boolean accepts(java.net.InetAddress address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 1000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    @Test
    @Order(1)
    void anOfficersLeadOpensACase() {
        // a phone number in two notations, so the second lead can match it written differently
        String phone = "(713) 555-" + String.format("%04d", Math.abs(run.hashCode()) % 10000);
        firstLead = lead(HOUSTON, HOUSTON_OFFICER, "HPD-" + run, phone);
        firstLeadKey = "key-" + run;
        Http.Response answer = submit(garza, firstLead, firstLeadKey);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        assertThat(answer.header("Location"))
                .endsWith("/api/leads/" + answer.body().get("leadId").asString());
        firstAnswer = answer.body();
        firstLeadId = answer.body().get("leadId").asString();

        JsonNode linked = awaitLinked(garza, firstLeadId);
        caseId = linked.get("caseId").asString();
        JsonNode theCase = garza.get(stack.casesUrl() + "/api/cases/" + caseId).body();
        caseNumber = theCase.get("caseNumber").asString();
        assertThat(caseNumber).matches("BEST-HOU-FY\\d\\d-\\d{6}");
        assertThat(theCase.get("status").asString()).isEqualTo("OPEN");
        assertThat(theCase.get("taskForceId").asString()).isEqualTo(TASK_FORCE);
    }

    @Test
    @Order(2)
    void anotherAgencysLeadWithTheSamePhoneWrittenDifferentlyJoinsTheCase() {
        @SuppressWarnings("unchecked")
        String phone = ((List<Map<String, String>>) firstLead.get("identifiers"))
                .get(0)
                .get("value");
        String e164Style = "+1 713-555-" + phone.substring(phone.length() - 4);
        Http.Response answer = submit(lee, lead(DALLAS, DALLAS_OFFICER, "DPD-" + run, e164Style), "key2-" + run);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);

        JsonNode linked = awaitLinked(lee, answer.body().get("leadId").asString());
        assertThat(linked.get("caseId").asString()).isEqualTo(caseId);
        JsonNode theCase = lee.get(stack.casesUrl() + "/api/cases/" + caseId).body();
        assertThat(values(theCase.get("leadIds")))
                .contains(firstLeadId, answer.body().get("leadId").asString());
    }

    @Test
    @Order(3)
    void theCoordinatorAssignsTwoMembersWhoAreNotifiedInTheInboxLiveAndByEmail() {
        try (SseListener agentInbox = new SseListener(
                stack.notificationsUrl() + "/api/members/" + FEDERAL_AGENT + "/notifications/stream", nguyen)) {
            await().atMost(Duration.ofSeconds(10)).until(agentInbox::connected);

            Instant assignedAt = Instant.now();
            for (Map.Entry<String, String> assignment :
                    Map.of(FEDERAL_AGENT, "LEAD", HOUSTON_OFFICER, "SUPPORT").entrySet()) {
                Http.Response answer = coordinator.post(
                        stack.casesUrl() + "/api/cases/" + caseId + "/assignments",
                        Map.of("memberId", assignment.getKey(), "role", assignment.getValue()));
                assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
            }

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(agentInbox.received)
                            .anySatisfy(event -> assertThat(event.data()).contains(caseId)));
            Duration live =
                    Duration.between(assignedAt, agentInbox.received.get(0).at());
            System.out.printf("assignment -> live inbox notification: %d ms%n", live.toMillis());
        }

        for (Map.Entry<String, Http> member :
                Map.of(FEDERAL_AGENT, nguyen, HOUSTON_OFFICER, garza).entrySet()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode inbox = member.getValue()
                        .get(stack.notificationsUrl() + "/api/members/" + member.getKey()
                                + "/notifications?unread=true")
                        .body();
                List<JsonNode> entries = inbox.isArray() ? list(inbox) : list(inbox.path("content"));
                assertThat(entries)
                        .filteredOn(n -> caseId.equals(n.path("caseId").asString()))
                        .as("inbox of " + member.getKey())
                        .hasSize(1);
            });
        }

        Set<String> addresses = new java.util.HashSet<>();
        for (String member : List.of(FEDERAL_AGENT, HOUSTON_OFFICER)) {
            addresses.add(coordinator
                    .get(stack.casesUrl() + "/api/members/" + member)
                    .body()
                    .get("email")
                    .asString());
        }
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(recipientsOfMailsAbout(caseNumber))
                        .as(() -> "mails received: "
                                + stack.smtp().received().stream()
                                        .map(m -> subject(m) + " -> " + recipients(m))
                                        .toList()
                                + "; e-mail deliveries: " + emailDeliveries())
                        .containsAll(addresses));
    }

    @Test
    @Order(4)
    void aStatusChangeReachesTheSubscribedAgencyAsASignedWebhook() {
        Http.Response moved = coordinator.post(
                stack.casesUrl() + "/api/cases/" + caseId + "/status",
                Map.of("status", "ACTIVE", "reason", "surveillance started"));
        assertThat(moved.status()).as(moved.body().toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(receiver.deliveries)
                        .extracting(d -> Http.JSON.readTree(d.body()))
                        .filteredOn(event -> caseId.equals(event.path("subject").asString()))
                        .extracting(event -> event.path("type").asString())
                        .contains(
                                "case.opened.v1", "case.lead-linked.v1", "case.assigned.v1", "case.status-changed.v1"));
        // the assignment moved the case to ASSIGNED before, so wait for this change's own webhook, not any
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(receiver.deliveries)
                        .extracting(d -> Http.JSON.readTree(d.body()))
                        .filteredOn(event -> caseId.equals(event.path("subject").asString()))
                        .filteredOn(event -> "case.status-changed.v1"
                                .equals(event.path("type").asString()))
                        .extracting(event -> event.path("data").path("to").asString())
                        .contains("ACTIVE"));
        assertThat(receiver.deliveries)
                .allSatisfy(
                        d -> assertThat(d.signatureValid()).as(d.webhookId()).isTrue());
        assertThat(receiver.deliveries.stream()
                        .map(WebhookReceiver.Delivery::webhookId)
                        .distinct()
                        .count())
                .as("no delivery arrived twice")
                .isEqualTo(receiver.deliveries.size());

        JsonNode attempts = houstonSystem
                .get(stack.notificationsUrl() + "/api/deliveries?subscriptionId=" + subscriptionId)
                .body();
        List<JsonNode> deliveries = attempts.isArray() ? list(attempts) : list(attempts.path("content"));
        assertThat(deliveries)
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(d -> assertThat(d.path("status").asString()).isEqualTo("SUCCEEDED"));

        // what an operator watches: delivery attempts by outcome, circuit breakers, consumer lag, outbox backlog
        String notificationMetrics = admin.getText(stack.notificationsUrl() + "/actuator/prometheus");
        assertThat(notificationMetrics)
                .contains("taskforce_delivery_attempts_total{channel=\"WEBHOOK\",outcome=\"DELIVERED\"")
                .contains("resilience4j_circuitbreaker_state{")
                .contains("kafka_consumer_fetch_manager_records_lag");
        assertThat(admin.getText(stack.casesUrl() + "/actuator/prometheus"))
                .contains("taskforce_outbox_backlog{collection=\"cases\"");
    }

    @Test
    @Order(5)
    void replayingTheFirstSubmissionChangesNothing() {
        Http.Response replay =
                garza.post(stack.intakeUrl() + "/api/leads", firstLead, Map.of("Idempotency-Key", firstLeadKey));
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.body().get("leadId").asString()).isEqualTo(firstLeadId);

        Http.Response otherBody = garza.post(
                stack.intakeUrl() + "/api/leads",
                lead(HOUSTON, HOUSTON_OFFICER, "HPD-other-" + run, "(713) 555-9999"),
                Map.of("Idempotency-Key", firstLeadKey));
        assertThat(otherBody.status()).isEqualTo(409);

        Http.Response sameReference = garza.post(
                stack.intakeUrl() + "/api/leads", firstLead, Map.of("Idempotency-Key", "another-key-" + run));
        assertThat(sameReference.body().get("leadId").asString()).isEqualTo(firstLeadId);

        JsonNode cases = coordinator
                .get(stack.casesUrl() + "/api/cases?taskForceId=" + TASK_FORCE + "&q=" + caseNumber)
                .body();
        assertThat(list(cases.path("content"))).hasSize(1);
        JsonNode theCase =
                coordinator.get(stack.casesUrl() + "/api/cases/" + caseId).body();
        assertThat(values(theCase.get("leadIds"))).hasSize(2);
    }

    @Test
    @Order(6)
    void aPoisonRecordLandsInTheDeadLetterTopicWhileTheNextLeadIsStillTriaged() throws Exception {
        String poisonKey = "poison-" + run;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.LEADS_NAME, poisonKey, "{\"this is\": \"not a lead\""))
                    .get();
        }

        Http.Response next =
                submit(garza, lead(HOUSTON, HOUSTON_OFFICER, "HPD-next-" + run, "(281) 555-0199"), "key3-" + run);
        assertThat(next.status()).isEqualTo(202);
        JsonNode linked = awaitLinked(garza, next.body().get("leadId").asString());
        assertThat(linked.get("caseId").asString()).isNotEqualTo(caseId);

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "system-test-" + run,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.LEADS.deadLetter()));
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                assertThat(dead).extracting(ConsumerRecord::key).contains(poisonKey);
            });
        }
    }

    @Test
    @Order(7)
    void needToKnowHoldsWithRealTokensAndEveryAccessIsAnswerable() {
        // a detective of another task force: the case and the lead do not exist for him, so ids cannot be probed
        assertThat(chen.get(stack.casesUrl() + "/api/cases/" + caseId).status()).isEqualTo(404);
        assertThat(chen.get(stack.intakeUrl() + "/api/leads/" + firstLeadId).status())
                .isEqualTo(404);
        assertThat(list(chen.get(stack.casesUrl() + "/api/cases?q=" + caseNumber)
                        .body()
                        .path("content")))
                .isEmpty();

        // a member of the task force reads the case but may not assign it; only its coordinator may
        Http.Response assignedByMember = garza.post(
                stack.casesUrl() + "/api/cases/" + caseId + "/assignments",
                Map.of("memberId", DALLAS_OFFICER, "role", "SUPPORT"));
        assertThat(assignedByMember.status()).isEqualTo(403);

        // the token says who submits: a body naming another agency is refused, naming the field
        Http.Response posing = garza.post(
                stack.intakeUrl() + "/api/leads",
                lead(DALLAS, HOUSTON_OFFICER, "HPD-posing-" + run, "(713) 555-0101"),
                Map.of("Idempotency-Key", "posing-" + run));
        assertThat(posing.status()).isEqualTo(403);
        assertThat(posing.body().path("field").asString()).isEqualTo("agencyId");

        // who viewed this case: the administrator asks the service that owns it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode viewers = admin.get(
                            stack.casesUrl() + "/api/audit?objectId=" + caseId + "&action=case.read&size=200")
                    .body();
            assertThat(list(viewers.path("content")))
                    .extracting(entry -> entry.path("actorId").asString() + ":"
                            + entry.path("outcome").asString())
                    .contains(HOUSTON_OFFICER + ":ALLOWED", OTHER_TASK_FORCE_DETECTIVE + ":REFUSED");
        });
        // what did this user do
        JsonNode chensActions = admin.get(stack.intakeUrl() + "/api/audit?actorId=" + OTHER_TASK_FORCE_DETECTIVE)
                .body();
        assertThat(list(chensActions.path("content"))).anySatisfy(entry -> {
            assertThat(entry.path("objectId").asString()).isEqualTo(firstLeadId);
            assertThat(entry.path("outcome").asString()).isEqualTo("REFUSED");
        });
        assertThat(garza.get(stack.casesUrl() + "/api/audit?objectId=" + caseId).status())
                .isEqualTo(403);
    }

    @Test
    @Order(8)
    void anotherAgencysLeadInAnotherTaskForceRaisesAHitThatBothCoordinatorsHearOfAsAPointerOnly() {
        Http okafor = Http.user(stack, "gang-coordinator-okafor");
        @SuppressWarnings("unchecked")
        String phone = ((List<Map<String, String>>) firstLead.get("identifiers"))
                .get(0)
                .get("value");
        Map<String, Object> gangLead = lead("los-angeles-pd", OTHER_TASK_FORCE_DETECTIVE, "LAPD-" + run, phone);
        gangLead.put("taskForceId", "gang-los-angeles");
        gangLead.put("summary", "Gang safe house in Boyle Heights " + run);
        Http.Response answer = submit(chen, gangLead, "key-gang-" + run);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        gangCaseId = awaitLinked(chen, answer.body().get("leadId").asString())
                .get("caseId")
                .asString();
        assertThat(gangCaseId).as("another task force's case, not a link").isNotEqualTo(caseId);
        gangCaseNumber = okafor.get(stack.casesUrl() + "/api/cases/" + gangCaseId)
                .body()
                .get("caseNumber")
                .asString();

        // both coordinators are told whom to call about which case, and nothing of what the other case holds
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(titles(coordinator, COORDINATOR))
                    .anySatisfy(title -> assertThat(title)
                            .contains(caseNumber, gangCaseNumber, "gang-los-angeles", "gang-coordinator-okafor")
                            .doesNotContain("Boyle Heights"));
            assertThat(titles(okafor, "gang-coordinator-okafor"))
                    .anySatisfy(title -> assertThat(title)
                            .contains(gangCaseNumber, caseNumber, COORDINATOR)
                            .doesNotContain("Bissonnet"));
        });
        JsonNode hits = coordinator
                .get(stack.casesUrl() + "/api/cases/" + caseId + "/deconfliction")
                .body();
        assertThat(list(hits))
                .extracting(hit -> hit.path("otherCaseNumber").asString())
                .contains(gangCaseNumber);
        assertThat(okafor.get(stack.casesUrl() + "/api/cases/" + caseId).status())
                .as("the other side's content stays out of reach")
                .isEqualTo(404);
    }

    @Test
    @Order(9)
    void twoTaskForcesPlanningTheSameDoorOnTheSameNightAreBothWarnedAtOnce() {
        Http okafor = Http.user(stack, "gang-coordinator-okafor");
        Instant night = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(30));
        Map<String, Object> warrant = new LinkedHashMap<>();
        warrant.put("caseId", caseId);
        warrant.put("type", "SEARCH_WARRANT");
        warrant.put("location", Map.of("latitude", 29.7049, "longitude", -95.5486, "radiusMeters", 150));
        warrant.put("startsAt", night.toString());
        warrant.put("endsAt", night.plus(Duration.ofHours(3)).toString());
        warrant.put("contact", Map.of("name", "Sgt. Miguel Garza", "phone", "713-555-0101"));
        Http.Response first = garza.post(stack.casesUrl() + "/api/operations", warrant);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);

        // the gang unit's surveillance two blocks away overlaps the warrant's last hour
        Map<String, Object> surveillance = new LinkedHashMap<>(warrant);
        surveillance.put("caseId", gangCaseId);
        surveillance.put("type", "SURVEILLANCE");
        surveillance.put("location", Map.of("latitude", 29.7062, "longitude", -95.5470, "radiusMeters", 100));
        surveillance.put("startsAt", night.plus(Duration.ofHours(2)).toString());
        surveillance.put("endsAt", night.plus(Duration.ofHours(8)).toString());
        surveillance.put("contact", Map.of("name", "Det. Kwame Okafor", "phone", "213-555-0199"));
        Http.Response second = okafor.post(stack.casesUrl() + "/api/operations", surveillance);
        assertThat(second.status()).as(second.body().toString()).isEqualTo(201);
        assertThat(list(second.body().get("conflicts")))
                .extracting(conflict -> conflict.path("otherContactName").asString())
                .containsExactly("Sgt. Miguel Garza");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(titles(coordinator, COORDINATOR))
                    .anySatisfy(title -> assertThat(title)
                            .startsWith("Operation conflict: " + caseNumber)
                            .contains("Det. Kwame Okafor", "+12135550199")
                            .doesNotContain(gangCaseNumber, "SURVEILLANCE", "29.7062"));
            assertThat(titles(okafor, "gang-coordinator-okafor"))
                    .anySatisfy(title -> assertThat(title)
                            .startsWith("Operation conflict: " + gangCaseNumber)
                            .contains("Sgt. Miguel Garza", "+17135550101")
                            .doesNotContain(caseNumber, "SEARCH_WARRANT", "29.7049"));
        });
    }

    static final String GANG_TASK_FORCE = "gang-los-angeles";
    static final String GANG_COORDINATOR = "gang-coordinator-okafor";

    /** A phone of this run for one step, so that only the leads of that step meet through it. */
    private static String phoneOfThisRun(String areaCode, int step) {
        return "(" + areaCode + ") 555-" + String.format("%04d", (Math.abs(run.hashCode()) + step) % 10000);
    }

    static final String TRANSFERRED_PHONE = phoneOfThisRun("832", 10);

    private static String openCaseWithPhone(Http as, String agency, String officer, String reference, String phone) {
        Http.Response answer = submit(as, lead(agency, officer, reference, phone), "key-" + reference);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        return awaitLinked(as, answer.body().get("leadId").asString())
                .get("caseId")
                .asString();
    }

    @Test
    @Order(10)
    void aCaseHandedToAnotherTaskForceIsSeenThereOnlyInOutlineUntilAcceptedThenMovesWithANewNumber() {
        Http okafor = Http.user(stack, GANG_COORDINATOR);
        transferredCaseId =
                openCaseWithPhone(garza, HOUSTON, HOUSTON_OFFICER, "HPD-transfer-" + run, TRANSFERRED_PHONE);
        String oldNumber = coordinator
                .get(stack.casesUrl() + "/api/cases/" + transferredCaseId)
                .body()
                .get("caseNumber")
                .asString();
        Http.Response assigned = coordinator.post(
                stack.casesUrl() + "/api/cases/" + transferredCaseId + "/assignments",
                Map.of("memberId", FEDERAL_AGENT, "role", "LEAD"));
        assertThat(assigned.status()).as(assigned.body().toString()).isEqualTo(201);

        String reason = "the targets are MS-13 clique members " + run;
        Http.Response proposed = coordinator.post(
                stack.casesUrl() + "/api/cases/" + transferredCaseId + "/transfers",
                Map.of("toTaskForceId", GANG_TASK_FORCE, "reason", reason));
        assertThat(proposed.status()).as(proposed.body().toString()).isEqualTo(201);
        String transferId = proposed.body().get("id").asString();

        // before accepting, the receiving coordinator sees the outline of the transfer and nothing of the case
        Http.Response outline = okafor.get(stack.casesUrl() + "/api/transfers/" + transferId);
        assertThat(outline.status()).isEqualTo(200);
        assertThat(outline.body().get("caseNumber").asString()).isEqualTo(oldNumber);
        assertThat(outline.body().get("reason").asString()).isEqualTo(reason);
        assertThat(outline.body().propertyNames())
                .doesNotContain("subjects", "identifiers", "notes", "leadIds", "assignments");
        assertThat(outline.raw().body())
                .as("the title is shown, the subjects, narrative and phone are not")
                .doesNotContain(
                        "Juan Perez",
                        "dozen people",
                        TRANSFERRED_PHONE,
                        "555" + TRANSFERRED_PHONE.substring(TRANSFERRED_PHONE.length() - 4));
        assertThat(okafor.get(stack.casesUrl() + "/api/cases/" + transferredCaseId)
                        .status())
                .isEqualTo(404);
        assertThat(list(okafor.get(stack.casesUrl() + "/api/transfers?taskForceId=" + GANG_TASK_FORCE)
                                .body()
                                .path("content"))
                        .stream()
                        .map(transfer -> transfer.path("id").asString()))
                .contains(transferId);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(titles(okafor, GANG_COORDINATOR))
                        .anySatisfy(title -> assertThat(title)
                                .startsWith("Transfer proposed: " + oldNumber)
                                .contains(reason)
                                .doesNotContain("Juan Perez")));

        Http.Response accepted = okafor.post(stack.casesUrl() + "/api/transfers/" + transferId + "/accept", null);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
        assertThat(accepted.body().get("status").asString()).isEqualTo("ACCEPTED");

        JsonNode moved =
                okafor.get(stack.casesUrl() + "/api/cases/" + transferredCaseId).body();
        assertThat(moved.get("taskForceId").asString()).isEqualTo(GANG_TASK_FORCE);
        String newNumber = moved.get("caseNumber").asString();
        assertThat(newNumber).matches("GANG-LOS-FY\\d\\d-\\d{6}");
        assertThat(list(moved.get("assignments")))
                .as("the federal agent is no member of the gang task force")
                .isEmpty();
        assertThat(list(okafor.get(stack.casesUrl() + "/api/cases?q=" + oldNumber)
                                .body()
                                .path("content"))
                        .stream()
                        .map(found -> found.path("caseId").asString() + " "
                                + found.path("caseNumber").asString()))
                .as("the old number still finds the case under its new one")
                .containsExactly(transferredCaseId + " " + newNumber);
        assertThat(coordinator
                        .get(stack.casesUrl() + "/api/cases/" + transferredCaseId)
                        .status())
                .as("the proposing side no longer reads it")
                .isEqualTo(404);

        // both coordinators hear of the move, the agent that the assignment ended, the subscribed agency of the
        // proposal
        String move = oldNumber + " of " + TASK_FORCE + " is now " + newNumber + " of " + GANG_TASK_FORCE;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(titles(coordinator, COORDINATOR)).contains("Case transferred: " + move);
            assertThat(titles(okafor, GANG_COORDINATOR)).contains("Case transferred: " + move);
            assertThat(list(nguyen.get(stack.notificationsUrl() + "/api/members/" + FEDERAL_AGENT + "/notifications")
                            .body()))
                    .filteredOn(n -> transferredCaseId.equals(n.path("caseId").asString()))
                    .extracting(n -> n.path("title").asString())
                    .anySatisfy(title -> assertThat(title).startsWith("Unassigned from "));
            assertThat(receiver.deliveries)
                    .extracting(d -> Http.JSON.readTree(d.body()))
                    .filteredOn(event ->
                            transferredCaseId.equals(event.path("subject").asString()))
                    .extracting(event -> event.path("type").asString())
                    .contains("case.opened.v1", "case.transfer-proposed.v1");
        });
        assertThat(receiver.deliveries)
                .allSatisfy(
                        d -> assertThat(d.signatureValid()).as(d.webhookId()).isTrue());
    }

    @Test
    @Order(11)
    void aLeadNamingTwoOpenCasesProposesTheirMergeAndAfterItALeadOfTheMergedCaseJoinsTheSurvivor() {
        String firstPhone = phoneOfThisRun("346", 11);
        String secondPhone = phoneOfThisRun("409", 11);
        String first = openCaseWithPhone(garza, HOUSTON, HOUSTON_OFFICER, "HPD-merge-a-" + run, firstPhone);
        String second = openCaseWithPhone(lee, DALLAS, DALLAS_OFFICER, "DPD-merge-b-" + run, secondPhone);
        assertThat(second).as("two cases, one phone each").isNotEqualTo(first);

        Map<String, Object> naming = lead(HOUSTON, HOUSTON_OFFICER, "HPD-merge-both-" + run, firstPhone);
        naming.put(
                "identifiers",
                List.of(Map.of("type", "PHONE", "value", firstPhone), Map.of("type", "PHONE", "value", secondPhone)));
        Http.Response both = submit(garza, naming, "key-merge-both-" + run);
        assertThat(both.status()).as(both.body().toString()).isEqualTo(202);
        String joined = awaitLinked(garza, both.body().get("leadId").asString())
                .get("caseId")
                .asString();
        assertThat(joined).isIn(first, second);
        String other = joined.equals(first) ? second : first;
        String joinedPhone = joined.equals(first) ? firstPhone : secondPhone;
        String joinedNumber = caseNumberOf(joined);
        String otherNumber = caseNumberOf(other);

        // triage joins one and proposes the merge: on that case's timeline and in the coordinator's inbox
        assertThat(list(coordinator
                                .get(stack.casesUrl() + "/api/cases/" + joined + "/timeline")
                                .body())
                        .stream()
                        .filter(entry -> "case.merge-proposed.v1"
                                .equals(entry.path("type").asString())))
                .singleElement()
                .satisfies(entry -> assertThat(
                                entry.path("data").path("otherCaseId").asString())
                        .isEqualTo(other));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(titles(coordinator, COORDINATOR))
                        .anySatisfy(title -> assertThat(title)
                                .startsWith("Merge proposed: a lead joined " + joinedNumber + " and matches "
                                        + otherNumber)));

        // the coordinator merges the case the lead joined into the other, so that its own phone must now lead there
        mergedCaseId = joined;
        survivingCaseId = other;
        Http.Response merged = coordinator.post(
                stack.casesUrl() + "/api/cases/" + mergedCaseId + "/merge",
                Map.of("intoCaseId", survivingCaseId, "reason", "both follow the same stash house " + run));
        assertThat(merged.status()).as(merged.body().toString()).isEqualTo(200);
        assertThat(merged.body().get("mergedIntoCaseNumber").asString()).isEqualTo(otherNumber);

        JsonNode mergedCase =
                coordinator.get(stack.casesUrl() + "/api/cases/" + mergedCaseId).body();
        assertThat(mergedCase.get("status").asString()).isEqualTo("MERGED");
        assertThat(mergedCase.get("mergedInto").asString()).isEqualTo(survivingCaseId);
        assertThat(values(caseOf(survivingCaseId).get("leadIds")))
                .contains(both.body().get("leadId").asString())
                .containsAll(values(mergedCase.get("leadIds")));

        Http.Response later = submit(
                lee, lead(DALLAS, DALLAS_OFFICER, "DPD-merge-later-" + run, joinedPhone), "key-merge-later-" + run);
        assertThat(later.status()).as(later.body().toString()).isEqualTo(202);
        String laterLeadId = later.body().get("leadId").asString();
        assertThat(awaitLinked(lee, laterLeadId).get("caseId").asString())
                .as("a lead with the merged case's phone joins the survivor")
                .isEqualTo(survivingCaseId);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(values(caseOf(survivingCaseId).get("leadIds")))
                        .contains(laterLeadId));
        assertThat(values(caseOf(mergedCaseId).get("leadIds"))).doesNotContain(laterLeadId);
    }

    private static JsonNode caseOf(String id) {
        return coordinator.get(stack.casesUrl() + "/api/cases/" + id).body();
    }

    private static String caseNumberOf(String id) {
        return caseOf(id).get("caseNumber").asString();
    }

    private static List<String> titles(Http as, String memberId) {
        JsonNode inbox = as.get(stack.notificationsUrl() + "/api/members/" + memberId + "/notifications")
                .body();
        return list(inbox).stream().map(n -> n.path("title").asString()).toList();
    }

    private static List<String> recipientsOfMailsAbout(String caseNumber) {
        return stack.smtp().received().stream()
                .filter(message -> subject(message).contains(caseNumber))
                .flatMap(message -> recipients(message).stream())
                .collect(Collectors.toList());
    }

    /**
     * Review and purge (issue 15): two agencies' leads make a case, the coordinator assigns a member and adds a note,
     * Houston's system follows the task force by webhook; then the coordinator's review purges the case, and every
     * document of every collection of every database is read and searched for the case and its leads: only the
     * tombstone, the audit trails and the leads' stubs may name them, and nothing of their content is left anywhere.
     * The store commands of the purge and the erasure are recorded for the scan check with the rest of the story.
     */
    @Test
    @Order(12)
    void aCasePurgedByReviewIsErasedInEveryServiceLeavingItsTombstoneTheAuditTrailsAndTheLeadsStubs() {
        String purgeRun = UUID.randomUUID().toString();
        String digits = phoneOfThisRun("936", 12).substring(10);
        String houstonReference = "HPD-" + purgeRun;
        String dallasReference = "DPD-" + purgeRun;
        String houstonLead = submitted(
                garza, purgeLead(HOUSTON, HOUSTON_OFFICER, houstonReference, "(936) 555-" + digits, purgeRun));
        String purgedCaseId = awaitLinked(garza, houstonLead).get("caseId").asString();
        String dallasLead =
                submitted(lee, purgeLead(DALLAS, DALLAS_OFFICER, dallasReference, "+1 936-555-" + digits, purgeRun));
        assertThat(awaitLinked(lee, dallasLead).get("caseId").asString()).isEqualTo(purgedCaseId);
        JsonNode theCase = caseOf(purgedCaseId);
        String purgedNumber = theCase.get("caseNumber").asString();
        String title = theCase.path("title").asString();

        Http.Response assigned = coordinator.post(
                stack.casesUrl() + "/api/cases/" + purgedCaseId + "/assignments",
                Map.of("memberId", FEDERAL_AGENT, "role", "LEAD"));
        assertThat(assigned.status()).as(assigned.body().toString()).isEqualTo(201);
        String note = "Note " + purgeRun;
        Http.Response noted =
                coordinator.post(stack.casesUrl() + "/api/cases/" + purgedCaseId + "/notes", Map.of("text", note));
        assertThat(noted.status()).as(noted.body().toString()).isEqualTo(201);
        String inbox = stack.notificationsUrl() + "/api/members/" + FEDERAL_AGENT + "/notifications";
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(nguyen.get(inbox).body().toString()).contains(purgedCaseId));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(receiver.deliveries)
                        .anySatisfy(delivery -> assertThat(delivery.body()).contains(note)));

        List<String> content = java.util.stream.Stream.of(
                        purgedCaseId,
                        purgedNumber,
                        title,
                        houstonReference,
                        dallasReference,
                        "Summary " + purgeRun,
                        "Narrative " + purgeRun,
                        "Street " + purgeRun,
                        "Subject " + purgeRun,
                        "936) 555-" + digits,
                        "936555" + digits,
                        note)
                .filter(text -> text != null && !text.isBlank())
                .toList();
        assertThat(whereFound(content).keySet())
                .as("before the purge the case is in every service's store, so the search below can find it")
                .contains("intake.leads", "cases.cases", "notifications.notifications");

        Http.Response purged = coordinator.post(
                stack.casesUrl() + "/api/cases/" + purgedCaseId + "/reviews",
                Map.of("decision", "PURGE", "reason", "no longer relevant on review"));
        assertThat(purged.status()).as(purged.body().toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, List<String>> left = whereFound(content);
                    left.keySet().removeIf(WholeStorySystemTest::mayNameThePurged);
                    assertThat(left)
                            .as("the case and its leads, anywhere but where they may stay")
                            .isEmpty();
                    Map<String, List<String>> leads = whereFound(List.of(houstonLead, dallasLead));
                    leads.keySet()
                            .removeIf(collection ->
                                    mayNameThePurged(collection) || collection.equals("intake.purged_leads"));
                    assertThat(leads).as("the leads' ids").isEmpty();
                });
        Map<String, List<String>> tombstone = whereFound(List.of(purgedCaseId));
        tombstone
                .keySet()
                .removeIf(collection -> collection.endsWith(".audit") || collection.endsWith(".audit_pending"));
        assertThat(tombstone).as("the tombstone is all that names the case").hasSize(1);
        assertThat(tombstone.values().iterator().next()).hasSize(1);
        assertThat(tombstone.values().iterator().next().get(0)).doesNotContain(note, "Subject " + purgeRun, title);

        assertThat(coordinator
                        .get(stack.casesUrl() + "/api/cases/" + purgedCaseId)
                        .status())
                .isEqualTo(410);
        assertThat(nguyen.get(stack.casesUrl() + "/api/cases/" + purgedCaseId).status())
                .as("a member of the task force")
                .isEqualTo(410);
        assertThat(chen.get(stack.casesUrl() + "/api/cases/" + purgedCaseId).status())
                .as("a detective of another task force")
                .isEqualTo(404);
        Http.Response lead = garza.get(stack.intakeUrl() + "/api/leads/" + houstonLead);
        assertThat(lead.status()).isEqualTo(410);
        assertThat(lead.body().get("leadStatus").asString()).isEqualTo("PURGED");
        assertThat(lead.body().toString()).doesNotContain(purgedCaseId, "Narrative " + purgeRun);
        assertThat(lee.get(stack.intakeUrl() + "/api/leads/" + dallasLead).status())
                .isEqualTo(410);
        assertThat(lee.get(stack.intakeUrl() + "/api/leads/" + houstonLead).status())
                .as("another agency's lead stays as missing as before")
                .isEqualTo(404);
        assertThat(nguyen.get(inbox).body().toString()).doesNotContain(purgedCaseId);
    }

    /** A lead whose every field says which run wrote it, so that a search of the store finds exactly its traces. */
    private static Map<String, Object> purgeLead(
            String agency, String officer, String reference, String phone, String purgeRun) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("agencyId", agency);
        lead.put("submittedBy", officer);
        lead.put("taskForceId", TASK_FORCE);
        lead.put("agencyReference", reference);
        lead.put("priority", "PRIORITY");
        lead.put("summary", "Summary " + purgeRun);
        lead.put("narrative", "Narrative " + purgeRun);
        lead.put("occurredAt", Instant.now().minusSeconds(3600).toString());
        lead.put(
                "location",
                Map.of(
                        "address",
                        "Street " + purgeRun,
                        "city",
                        "Houston",
                        "state",
                        "TX",
                        "latitude",
                        29.69,
                        "longitude",
                        -95.51));
        lead.put("subjects", List.of(Map.of("name", "Subject " + purgeRun, "role", "SUSPECT")));
        lead.put("identifiers", List.of(Map.of("type", "PHONE", "value", phone)));
        return lead;
    }

    /** The tombstone and the audit trails, which keep the purged case's ids by design, never its content. */
    private static boolean mayNameThePurged(String collection) {
        return collection.endsWith(".audit")
                || collection.endsWith(".audit_pending")
                || collection.equals("cases.case_tombstones");
    }

    private static String submitted(Http as, Map<String, Object> lead) {
        Http.Response answer = submit(as, lead, "key-" + UUID.randomUUID());
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        return answer.body().get("leadId").asString();
    }

    /** Every collection of every database in which one of the strings occurs, with the documents holding it. */
    private static Map<String, List<String>> whereFound(List<String> strings) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(stack.mongoUri())) {
            for (String name : client.listDatabaseNames()) {
                com.mongodb.client.MongoDatabase database = client.getDatabase(name);
                for (String collection : database.listCollectionNames()) {
                    database.getCollection(collection).find().forEach(document -> {
                        String json = document.toJson();
                        if (strings.stream().anyMatch(json::contains)) {
                            found.computeIfAbsent(name + "." + collection, c -> new ArrayList<>())
                                    .add(json);
                        }
                    });
                }
            }
        }
        return found;
    }

    @Test
    @Order(13)
    void everyCaseOfTheStoryIsExactlyWhatItsEventsRebuild() {
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(stack.mongoUri())) {
            MongoTemplate store = new MongoTemplate(client, "cases");
            // never started: it only lets the store read cases and their histories as case-service does
            OutboxRelay idle = new OutboxRelay(
                    store, null, Duration.ofHours(1), new SimpleMeterRegistry(), java.time.Clock.systemUTC());
            Cases cases = new Cases(store, idle);
            List<String> ids = new ArrayList<>();
            store.getCollection(Cases.COLLECTION)
                    .find()
                    .projection(new org.bson.Document("_id", 1))
                    .forEach(doc -> ids.add(doc.getString("_id")));
            assertThat(ids).contains(caseId, gangCaseId, transferredCaseId, mergedCaseId, survivingCaseId);
            for (String id : ids) {
                assertThat(Case.replay(cases.events(id)))
                        .as("case %s rebuilt from its events", id)
                        .isEqualTo(cases.find(id).orElseThrow().value());
            }
        }
    }

    /**
     * After the whole story and a short load (pairs of leads sharing a phone, so that half open cases and half join
     * them; people with dates of birth, so that the person index is read), no command any service sent the store
     * may scan a collection: each filter and sort is answered by {@code _id} or an index the service declared.
     */
    @Test
    @Order(14)
    void noServiceScansACollectionThroughoutTheStoryAndAShortLoad() {
        int leads = Integer.getInteger("story.load", 200);
        String[][] officers = {{HOUSTON, HOUSTON_OFFICER}, {DALLAS, DALLAS_OFFICER}};
        Http[] as = {garza, lee};
        List<String> leadIds = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            Map<String, Object> lead = lead(
                    officers[i % 2][0],
                    officers[i % 2][1],
                    "LOAD-" + run + "-" + i,
                    String.format("(281) 555-%04d", i / 2));
            lead.put(
                    "subjects",
                    List.of(Map.of(
                            "name",
                            "Load Subject " + (i / 2),
                            "dateOfBirth",
                            "1980-01-" + (10 + i % 19),
                            "role",
                            "SUSPECT")));
            Http.Response accepted = as[i % 2].post(
                    stack.intakeUrl() + "/api/leads", lead, Map.of("Idempotency-Key", "load-" + run + "-" + i));
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
            leadIds.add(accepted.body().get("leadId").asString());
        }
        for (int i = 0; i < leadIds.size(); i++) {
            awaitLinked(as[i % 2], leadIds.get(i));
        }
        // a page of cases and the audit of one, as a coordinator and an administrator read them
        assertThat(coordinator
                        .get(stack.casesUrl() + "/api/cases?taskForceId=" + TASK_FORCE)
                        .status())
                .isEqualTo(200);
        assertThat(admin.get(stack.casesUrl() + "/api/audit?objectId=" + caseId).status())
                .isEqualTo(200);

        assertThat(storeCommands.sent())
                .extracting(sent -> sent.database() + "." + sent.collection())
                .as("the transfer of the story was found through its pointers, so the check below covers them")
                .contains("cases." + Transfers.COLLECTION, "cases." + Transfers.OF_TASK_FORCE);
        List<String> scans = IndexCoverage.unexplained(storeCommands.sent());
        assertThat(scans)
                .as("commands answered by scanning a collection (database.collection command filter-shape)")
                .isEmpty();
    }

    /**
     * The same commands on a real MongoDB, where Docker exists: its planner must answer every filter with an index,
     * never a {@code COLLSCAN}, apart from the deliberate scans (which the in-process check forgives by name).
     */
    @Test
    @Order(15)
    void onARealMongoDbNoCommandOfTheStoryIsPlannedAsACollectionScan() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.testcontainers.DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine here: the explain check on a real mongo image is skipped");
        try (org.testcontainers.mongodb.MongoDBContainer mongo = new org.testcontainers.mongodb.MongoDBContainer(
                org.testcontainers.utility.DockerImageName.parse("mongo:8.0"))) {
            mongo.start();
            List<CommandRecorder.Sent> explained = IndexCoverage.withoutForgivenScans(storeCommands.sent());
            try (com.mongodb.client.MongoClient client =
                    com.mongodb.client.MongoClients.create(mongo.getConnectionString())) {
                assertThat(RealMongoExplain.collectionScans(explained, client))
                        .as("commands a real MongoDB plans as COLLSCAN")
                        .isEmpty();
            }
        }
    }

    /** What notification-service recorded of its e-mails, to explain a missing one. */
    private static List<String> emailDeliveries() {
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(stack.mongoUri())) {
            List<String> found = new ArrayList<>();
            client.getDatabase("notifications")
                    .getCollection("deliveries")
                    .find(new org.bson.Document("channel", "EMAIL"))
                    .forEach(d -> found.add(d.toJson()));
            client.getDatabase("notifications")
                    .getCollection("pending_deliveries")
                    .find()
                    .forEach(d -> found.add("pending " + d.toJson()));
            return found;
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            return to == null
                    ? List.of()
                    : java.util.Arrays.stream(to).map(Address::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> values(JsonNode array) {
        return list(array).stream().map(JsonNode::asString).toList();
    }
}
