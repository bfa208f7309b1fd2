package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures, end to end on the local stack, how long an officer waits for a lead to become a case and how long an
 * assigned member waits for the live notification. Prints figures; asserts only that nothing was lost. Run with
 * {@code mvn -B -pl local-stack -am verify -Dbenchmark=true -Dtest=NotificationLatencyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.rounds=200]}.
 */
@EnabledIfSystemProperty(
        named = "benchmark",
        matches = "true",
        disabledReason = "a benchmark: run with -Dbenchmark=true")
class NotificationLatencyBenchmark {

    /** The agencies of BEST Houston and one officer each: leads come from several, as in life (and each agency has a rate limit). */
    private static final String[][] SUBMITTERS = {
        {"houston-pd", "hpd-officer-garza"},
        {"dallas-pd", "dpd-officer-lee"},
        {"arlington-pd", "apd-detective-brooks"},
        {"harris-county-so", "hcso-deputy-watts"},
        {"texas-dps", "dps-trooper-alvarez"},
        {"hsi", "hsi-agent-nguyen"}
    };

    @Test
    void leadToCaseAndAssignmentToLiveNotification() {
        int rounds = Integer.getInteger("benchmark.rounds", 100);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests());
                SseListener inbox = new SseListener(
                        stack.notificationsUrl() + "/api/members/" + WholeStorySystemTest.FEDERAL_AGENT
                                + "/notifications/stream",
                        Http.user(stack, WholeStorySystemTest.FEDERAL_AGENT))) {
            Http coordinator = Http.user(stack, WholeStorySystemTest.COORDINATOR);
            Map<String, Http> submitters = new java.util.HashMap<>();
            for (String[] submitter : SUBMITTERS) {
                submitters.put(submitter[1], Http.user(stack, submitter[1]));
            }
            await().atMost(Duration.ofSeconds(10)).until(inbox::connected);
            List<Long> triage = new ArrayList<>();
            List<Long> notified = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String phone = String.format("(832) 555-%04d", i);
                Map<String, Object> lead = WholeStorySystemTest.lead(
                        SUBMITTERS[i % SUBMITTERS.length][0],
                        SUBMITTERS[i % SUBMITTERS.length][1],
                        "BENCH-" + run + "-" + i,
                        phone);
                Http officer = submitters.get(SUBMITTERS[i % SUBMITTERS.length][1]);
                Instant submitted = Instant.now();
                Http.Response accepted = i == 0
                        ? WholeStorySystemTest.submit(stack, officer, lead, "bench-" + run + "-" + i)
                        : officer.post(
                                stack.intakeUrl() + "/api/leads",
                                lead,
                                Map.of("Idempotency-Key", "bench-" + run + "-" + i));
                assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
                String caseId = WholeStorySystemTest.awaitLinked(
                                stack, officer, accepted.body().get("leadId").asString())
                        .get("caseId")
                        .asString();
                triage.add(Duration.between(submitted, Instant.now()).toMillis());

                Instant assigned = Instant.now();
                Http.Response answer = coordinator.post(
                        stack.casesUrl() + "/api/cases/" + caseId + "/assignments",
                        Map.of("memberId", WholeStorySystemTest.FEDERAL_AGENT, "role", "LEAD"));
                assertThat(answer.status()).isEqualTo(201);
                SseListener.Received received = await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> inbox.received.stream()
                                        .filter(event -> event.data().contains(caseId))
                                        .findFirst()
                                        .orElse(null),
                                event -> event != null);
                notified.add(Duration.between(assigned, received.at()).toMillis());
            }
            System.out.println();
            System.out.printf(
                    "NotificationLatencyBenchmark, %d rounds, one JVM, %d cores%n",
                    rounds, Runtime.getRuntime().availableProcessors());
            System.out.println("  lead submitted -> LINKED seen by polling GET every 50 ms: " + figures(triage));
            System.out.println("  assignment answered -> live SSE notification received:      " + figures(notified));
            System.out.println();
        }
    }

    private static String figures(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(
                "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms",
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
