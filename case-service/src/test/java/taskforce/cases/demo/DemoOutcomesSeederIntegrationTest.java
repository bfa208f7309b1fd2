package taskforce.cases.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.cases.casefile.Cases;
import taskforce.contracts.cases.FiscalYear;
import tools.jackson.databind.JsonNode;

/**
 * The demo outcomes as the local stack seeds them, here seeded on demand (the property is off in tests so that
 * the other tests' task forces do not start with demo cases they did not expect).
 */
class DemoOutcomesSeederIntegrationTest extends CaseServiceIntegrationTest {

    private static final List<String> DEMO_TASK_FORCES =
            List.of("best-houston", "cetf-seattle", "dbftf-miami", "gang-los-angeles", "hstf-san-diego");

    @Autowired
    private DemoOutcomesSeeder seeder;

    @Autowired
    private MongoTemplate mongo;

    /** The seeder's "now", fixed so that the figures asserted below do not depend on the day the test runs. */
    private static final Instant TODAY = Instant.parse("2026-12-01T12:00:00Z");

    @BeforeEach
    void fixTheDay() {
        clock.travelTo(TODAY);
    }

    @AfterEach
    void backToNow() {
        clock.backToNow();
    }

    @Test
    void seedsEachDemoTaskForceOnceHoweverOftenItRuns() {
        seeder.seed();
        long first = demoCases();

        assertThat(seeder.seed()).as("cases added by the second run").isZero();

        assertThat(demoCases()).isEqualTo(first);
        assertThat(first).isEqualTo((long) DemoOutcomesSeeder.CASES_PER_TASK_FORCE * DEMO_TASK_FORCES.size());
    }

    @Test
    void seedsCasesMarkedAsDemoWithoutIdentifiersOrAssignments() {
        seeder.seed();

        Document sample = mongo.getCollection(Cases.COLLECTION)
                .find(new Document("_id", "demo-best-houston-001"))
                .first();
        assertThat(sample).isNotNull();
        assertThat(sample.getString("title")).startsWith("Demo: ");
        assertThat(sample.getString("caseNumber")).startsWith("BEST-HOU-FY").contains("-DEMO001");
        assertThat(sample.getList("identifiers", Object.class, List.of())).isEmpty();
        assertThat(sample.getList("assignments", Object.class, List.of())).isEmpty();
        assertThat(sample.getList("outcomes", Object.class, List.of())).isNotEmpty();
        assertThat(sample.getString("status")).isEqualTo("CLOSED");
        assertThat(sample.get("closedAt")).isNotNull();
    }

    @Test
    void givesEveryDemoTaskForceResultsOverTheLastTwelveMonths() {
        seeder.seed();
        int thisYear = FiscalYear.containing(TODAY).year();
        JsonNode current = as(GARZA_TOKEN).get("/api/reports/results").body();
        JsonNode previous = as(GARZA_TOKEN)
                .get("/api/reports/results?fiscalYear=" + (thisYear - 1))
                .body();

        for (String taskForce : DEMO_TASK_FORCES) {
            long opened = figure(current, taskForce, "casesOpened") + figure(previous, taskForce, "casesOpened");
            long outcomes = 0;
            for (JsonNode report : List.of(current, previous)) {
                for (String name : List.of(
                        "arrests", "victimsIdentified", "indictments", "convictions", "removals", "firearmsSeized")) {
                    outcomes += figure(report, taskForce, name);
                }
            }
            assertThat(opened).as(taskForce + " cases opened").isGreaterThan(0);
            assertThat(outcomes).as(taskForce + " outcomes").isGreaterThan(0);
        }
        assertThat(row(previous, "best-houston").get("narcoticsSeizedLb").decimalValue())
                .isPositive();
        assertThat(row(previous, "best-houston").get("currencySeizedUsd").decimalValue())
                .isPositive();
    }

    private long demoCases() {
        return mongo.getCollection(Cases.COLLECTION)
                .countDocuments(new Document("_id", new Document("$regex", "^" + DemoOutcomesSeeder.ID_PREFIX)));
    }

    private static JsonNode row(JsonNode report, String taskForceId) {
        return StreamSupport.stream(report.get("rows").spliterator(), false)
                .filter(r -> r.get("taskForceId").asString().equals(taskForceId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + taskForceId));
    }

    private static long figure(JsonNode report, String taskForceId, String name) {
        return row(report, taskForceId).get(name).asLong();
    }
}
