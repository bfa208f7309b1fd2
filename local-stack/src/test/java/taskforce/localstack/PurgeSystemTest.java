package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15 across the whole stack, over HTTP with the identity provider's tokens: two agencies' leads make a case,
 * the coordinator assigns a member and adds a note, an agency follows the task force by webhook; then the
 * coordinator's review purges the case, and afterwards every document of every collection of every database of the
 * store is read and searched for the case and its leads: only the tombstone, the audit trails and the leads' stubs
 * may name them, and nothing of their content is left anywhere.
 */
class PurgeSystemTest {

    static final String TASK_FORCE = "best-houston";
    static final String HOUSTON = "houston-pd";
    static final String DALLAS = "dallas-pd";

    static LocalStack stack;
    static WebhookReceiver receiver;
    static Http garza;
    static Http lee;
    static Http coordinator;
    static Http nguyen;
    static Http chen;
    static Http houstonSystem;

    @BeforeAll
    static void startTheSystem() {
        stack = LocalStack.start(LocalStack.Options.forTests());
        garza = Http.user(stack, "hpd-officer-garza");
        lee = Http.user(stack, "dpd-officer-lee");
        coordinator = Http.user(stack, "best-coordinator-ramirez");
        nguyen = Http.user(stack, "hsi-agent-nguyen");
        chen = Http.user(stack, "lapd-detective-chen");
        houstonSystem = Http.agencySystem(stack, HOUSTON);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        receiver = new WebhookReceiver(secret);
        // a fresh notification-service learns the agreements from the directory topic first; until then it refuses
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Http.Response created = houstonSystem.post(
                            stack.notificationsUrl() + "/api/subscriptions",
                            Map.of(
                                    "scope", Map.of("taskForceId", TASK_FORCE),
                                    "channel", Map.of("type", "WEBHOOK", "url", receiver.url(), "secret", secret)));
                    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
                });
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

    static Map<String, Object> lead(String agency, String officer, String reference, String phone, String run) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("agencyId", agency);
        lead.put("submittedBy", officer);
        lead.put("taskForceId", TASK_FORCE);
        lead.put("agencyReference", reference);
        lead.put("priority", "PRIORITY");
        lead.put("summary", "Summary " + run);
        lead.put("narrative", "Narrative " + run);
        lead.put("occurredAt", Instant.now().minusSeconds(3600).toString());
        lead.put(
                "location",
                Map.of(
                        "address",
                        "Street " + run,
                        "city",
                        "Houston",
                        "state",
                        "TX",
                        "latitude",
                        29.69,
                        "longitude",
                        -95.51));
        lead.put("subjects", List.of(Map.of("name", "Subject " + run, "role", "SUSPECT")));
        lead.put("identifiers", List.of(Map.of("type", "PHONE", "value", phone)));
        return lead;
    }

    @Test
    void aCasePurgedByReviewIsErasedInEveryServiceLeavingItsTombstoneTheAuditTrailsAndTheLeadsStubs() {
        String run = UUID.randomUUID().toString();
        String digits = String.format("%04d", Math.abs(run.hashCode()) % 10000);
        String houstonReference = "HPD-" + run;
        String dallasReference = "DPD-" + run;
        String houstonLead =
                submitted(garza, lead(HOUSTON, "hpd-officer-garza", houstonReference, "(713) 555-" + digits, run));
        String caseId = WholeStorySystemTest.awaitLinked(stack, garza, houstonLead)
                .get("caseId")
                .asString();
        String dallasLead =
                submitted(lee, lead(DALLAS, "dpd-officer-lee", dallasReference, "+1 713-555-" + digits, run));
        assertThat(WholeStorySystemTest.awaitLinked(stack, lee, dallasLead)
                        .get("caseId")
                        .asString())
                .isEqualTo(caseId);
        JsonNode theCase =
                coordinator.get(stack.casesUrl() + "/api/cases/" + caseId).body();
        String caseNumber = theCase.get("caseNumber").asString();
        String title = theCase.path("title").asString();

        Http.Response assigned = coordinator.post(
                stack.casesUrl() + "/api/cases/" + caseId + "/assignments",
                Map.of("memberId", "hsi-agent-nguyen", "role", "LEAD"));
        assertThat(assigned.status()).as(assigned.body().toString()).isEqualTo(201);
        String note = "Note " + run;
        Http.Response noted =
                coordinator.post(stack.casesUrl() + "/api/cases/" + caseId + "/notes", Map.of("text", note));
        assertThat(noted.status()).as(noted.body().toString()).isEqualTo(201);
        String inbox = stack.notificationsUrl() + "/api/members/hsi-agent-nguyen/notifications";
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(nguyen.get(inbox).body().toString()).contains(caseId));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(receiver.deliveries)
                        .anySatisfy(delivery -> assertThat(delivery.body()).contains(note)));

        List<String> content = java.util.stream.Stream.of(
                        caseId,
                        caseNumber,
                        title,
                        houstonReference,
                        dallasReference,
                        "Summary " + run,
                        "Narrative " + run,
                        "Street " + run,
                        "Subject " + run,
                        "555-" + digits,
                        "713555" + digits,
                        note)
                .filter(text -> text != null && !text.isBlank())
                .toList();
        assertThat(whereFound(content).keySet())
                .as("before the purge the case is in every service's store, so the search below can find it")
                .contains("intake.leads", "cases.cases", "notifications.notifications");

        Http.Response purged = coordinator.post(
                stack.casesUrl() + "/api/cases/" + caseId + "/reviews",
                Map.of("decision", "PURGE", "reason", "no longer relevant on review"));
        assertThat(purged.status()).as(purged.body().toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, List<String>> left = whereFound(content);
                    left.keySet().removeIf(PurgeSystemTest::mayNameThePurged);
                    assertThat(left)
                            .as("the case and its leads, anywhere but where they may stay")
                            .isEmpty();
                    Map<String, List<String>> leads = whereFound(List.of(houstonLead, dallasLead));
                    leads.keySet()
                            .removeIf(collection ->
                                    mayNameThePurged(collection) || collection.equals("intake.purged_leads"));
                    assertThat(leads).as("the leads' ids").isEmpty();
                });
        Map<String, List<String>> tombstone = whereFound(List.of(caseId));
        tombstone
                .keySet()
                .removeIf(collection -> collection.endsWith(".audit") || collection.endsWith(".audit_pending"));
        assertThat(tombstone).as("the tombstone is all that names the case").hasSize(1);
        assertThat(tombstone.values().iterator().next()).hasSize(1);
        assertThat(tombstone.values().iterator().next().get(0)).doesNotContain(note, "Subject " + run, title);

        assertThat(coordinator.get(stack.casesUrl() + "/api/cases/" + caseId).status())
                .isEqualTo(410);
        assertThat(nguyen.get(stack.casesUrl() + "/api/cases/" + caseId).status())
                .as("a member of the task force")
                .isEqualTo(410);
        assertThat(chen.get(stack.casesUrl() + "/api/cases/" + caseId).status())
                .as("a detective of another task force")
                .isEqualTo(404);
        Http.Response lead = garza.get(stack.intakeUrl() + "/api/leads/" + houstonLead);
        assertThat(lead.status()).isEqualTo(410);
        assertThat(lead.body().get("leadStatus").asString()).isEqualTo("PURGED");
        assertThat(lead.body().toString()).doesNotContain(caseId, "Narrative " + run);
        assertThat(lee.get(stack.intakeUrl() + "/api/leads/" + dallasLead).status())
                .isEqualTo(410);
        assertThat(lee.get(stack.intakeUrl() + "/api/leads/" + houstonLead).status())
                .as("another agency's lead stays as missing as before")
                .isEqualTo(404);
        assertThat(nguyen.get(inbox).body().toString()).doesNotContain(caseId);
    }

    /** The tombstone and the audit trails, which keep the purged case's ids by design, never its content. */
    static boolean mayNameThePurged(String collection) {
        return collection.endsWith(".audit")
                || collection.endsWith(".audit_pending")
                || TOMBSTONES.contains(collection);
    }

    static final Set<String> TOMBSTONES = Set.of("cases.case_tombstones");

    static String submitted(Http as, Map<String, Object> lead) {
        Http.Response answer = WholeStorySystemTest.submit(stack, as, lead, "key-" + UUID.randomUUID());
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        return answer.body().get("leadId").asString();
    }

    /** Every collection of every database in which one of the strings occurs, with the documents holding it. */
    static Map<String, List<String>> whereFound(List<String> strings) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try (MongoClient client = MongoClients.create(stack.mongoUri())) {
            for (String name : client.listDatabaseNames()) {
                MongoDatabase database = client.getDatabase(name);
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
}
