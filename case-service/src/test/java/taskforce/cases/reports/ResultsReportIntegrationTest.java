package taskforce.cases.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.cases.directory.Agreement;
import taskforce.cases.directory.Directory;
import taskforce.contracts.cases.FiscalYear;
import tools.jackson.databind.JsonNode;

/**
 * The results report over outcomes recorded through the real API. The database is shared with the other tests,
 * so the outcomes here occur in fiscal years 2029 to 2031, which nothing else touches, and the figures of cases
 * opened and closed (which happen "now") are checked as the difference one case makes.
 */
class ResultsReportIntegrationTest extends CaseServiceIntegrationTest {

    /** The cases the outcomes are recorded on, once for the whole class (the outcomes would add up otherwise). */
    private static boolean outcomesRecorded;

    @Autowired
    Directory directory;

    @BeforeEach
    void recordOutcomesOnce() {
        if (outcomesRecorded) {
            return;
        }
        String houston = openCase(BEST_HOUSTON).caseId();
        String gang = openCase(GANG_LOS_ANGELES).caseId();
        // outcomes may lie neither in the future nor outside the credited agency's agreement: the agreements are
        // renewed through FY2032, and the service lives in FY2032 while the outcomes are recorded
        renewThroughFiscalYear2032("houston-pd--best-houston");
        renewThroughFiscalYear2032("los-angeles-pd--gang-los-angeles");
        clock.travelTo(Instant.parse("2032-01-01T00:00:00Z"));
        try {
            recordTheOutcomes(houston, gang);
        } finally {
            clock.backToNow();
        }
        outcomesRecorded = true;
    }

    private void renewThroughFiscalYear2032(String agreementId) {
        Agreement agreement = directory.agreement(agreementId).orElseThrow();
        directory.put(new Agreement(
                agreement.id(),
                agreement.agencyId(),
                agreement.taskForceId(),
                agreement.status(),
                agreement.effectiveFrom(),
                LocalDate.parse("2032-09-30")));
    }

    private void recordTheOutcomes(String houston, String gang) {
        // FY2030, the last second of it
        record(GARZA_TOKEN, houston, counted("ARREST", 7, "2030-09-30T23:59:59Z"));
        // FY2031, its first second
        record(GARZA_TOKEN, houston, counted("ARREST", 3, "2030-10-01T00:00:00Z"));
        record(GARZA_TOKEN, houston, seized("NARCOTICS", "10", "KG", "2031-02-15T12:00:00Z"));
        record(GARZA_TOKEN, houston, seized("NARCOTICS", "5.5", "LB", "2031-02-20T12:00:00Z"));
        record(GARZA_TOKEN, houston, seized("CURRENCY", "1234.5", "USD", "2031-03-01T08:00:00Z"));
        record(GARZA_TOKEN, houston, seized("CURRENCY", "100.25", "USD", "2031-03-02T08:00:00Z"));
        record(GARZA_TOKEN, houston, seized("FIREARMS", "4", "EACH", "2031-09-30T23:59:59Z"));
        record(GARZA_TOKEN, houston, seized("DOCUMENTS", "40", "EACH", "2031-04-01T00:00:00Z"));
        record(GARZA_TOKEN, houston, counted("REMOVAL", 1, "2031-05-05T05:00:00Z"));
        // FY2032
        record(GARZA_TOKEN, houston, counted("ARREST", 2, "2031-10-01T00:00:00Z"));

        record(CHEN_TOKEN, gang, seized("FIREARMS", "2", "EACH", "2030-11-11T11:00:00Z"));
        record(CHEN_TOKEN, gang, counted("ARREST", 1, "2030-11-12T11:00:00Z"));
        record(CHEN_TOKEN, gang, counted("INDICTMENT", 2, "2031-01-10T10:00:00Z"));
        record(CHEN_TOKEN, gang, counted("CONVICTION", 1, "2031-06-10T10:00:00Z"));
        record(CHEN_TOKEN, gang, counted("VICTIM_IDENTIFIED", 5, "2031-06-11T10:00:00Z"));
    }

    @Nested
    class Figures {

        @Test
        void countsEachTaskForcesOutcomesOfTheFiscalYear() {
            JsonNode report = results("?fiscalYear=2031");

            assertThat(report.get("fiscalYear").asInt()).isEqualTo(2031);
            assertThat(report.get("from").asString()).isEqualTo("2030-10-01");
            assertThat(report.get("to").asString()).isEqualTo("2031-09-30");
            assertThat(report.get("taskForceId").isNull()).isTrue();
            assertThat(report.get("program").isNull()).isTrue();
            // other tests may add task forces to the shared directory: they appear too, in order
            assertThat(ids(report))
                    .isSorted()
                    .containsSubsequence(
                            "best-houston", "cetf-seattle", "dbftf-miami", "gang-los-angeles", "hstf-san-diego");

            JsonNode houston = row(report, BEST_HOUSTON);
            assertThat(houston.get("taskForceName").asString())
                    .isEqualTo("Border Enforcement Security Task Force Houston");
            assertThat(houston.get("program").asString()).isEqualTo("BEST");
            assertThat(figures(houston)).containsExactlyEntriesOf(expected(3, 4, "1334.75", "27.5", 0, 0, 0, 1, 0, 0));

            assertThat(figures(row(report, GANG_LOS_ANGELES)))
                    .containsExactlyEntriesOf(expected(1, 2, "0.00", "0.0", 5, 2, 1, 0, 0, 0));
            assertThat(figures(row(report, "cetf-seattle")))
                    .containsExactlyEntriesOf(expected(0, 0, "0.00", "0.0", 0, 0, 0, 0, 0, 0));

            assertThat(figures(report.get("totals")))
                    .containsExactlyEntriesOf(expected(4, 6, "1334.75", "27.5", 5, 2, 1, 1, 0, 0));
        }

        @Test
        void writesMoneyWithTwoDecimalsAndPoundsWithOne() {
            Response houston = as(GARZA_TOKEN).get("/api/reports/results?fiscalYear=2031&taskForceId=" + BEST_HOUSTON);

            // 10 kg = 22.0462262 lb, plus 5.5 lb
            assertThat(houston.raw().body())
                    .contains("\"currencySeizedUsd\":1334.75")
                    .contains("\"narcoticsSeizedLb\":27.5")
                    .contains("\"currencySeizedUsd\":0.00")
                    .contains("\"narcoticsSeizedLb\":0.0");
        }

        @Test
        void putsEachOutcomeInTheMonthItOccurredInWithEveryMonthListed() {
            JsonNode report = results("?fiscalYear=2031");

            List<String> months = stream(report.get("byMonth"))
                    .map(m -> m.get("month").asString())
                    .toList();
            assertThat(months)
                    .containsExactly(
                            "2030-10", "2030-11", "2030-12", "2031-01", "2031-02", "2031-03", "2031-04", "2031-05",
                            "2031-06", "2031-07", "2031-08", "2031-09");
            assertThat(figures(month(report, "2030-10")))
                    .containsExactlyEntriesOf(expected(3, 0, "0.00", "0.0", 0, 0, 0, 0, 0, 0));
            assertThat(figures(month(report, "2030-11")))
                    .containsExactlyEntriesOf(expected(1, 2, "0.00", "0.0", 0, 0, 0, 0, 0, 0));
            assertThat(figures(month(report, "2031-02")))
                    .containsExactlyEntriesOf(expected(0, 0, "0.00", "27.5", 0, 0, 0, 0, 0, 0));
            assertThat(figures(month(report, "2031-09")))
                    .containsExactlyEntriesOf(expected(0, 4, "0.00", "0.0", 0, 0, 0, 0, 0, 0));
            assertThat(figures(month(report, "2031-07")))
                    .containsExactlyEntriesOf(expected(0, 0, "0.00", "0.0", 0, 0, 0, 0, 0, 0));
        }

        @Test
        void countsTheLastSecondOfSeptemberInTheYearItEndsAndTheFirstOfOctoberInTheNext() {
            assertThat(row(results("?fiscalYear=2030"), BEST_HOUSTON)
                            .get("arrests")
                            .asLong())
                    .isEqualTo(7);
            assertThat(row(results("?fiscalYear=2032"), BEST_HOUSTON)
                            .get("arrests")
                            .asLong())
                    .isEqualTo(2);
            assertThat(figures(month(results("?fiscalYear=2032"), "2031-10")).get("arrests"))
                    .isEqualTo("2");
            assertThat(figures(month(results("?fiscalYear=2030"), "2030-09")).get("arrests"))
                    .isEqualTo("7");
        }

        @Test
        void countsACaseOpenedAndClosedThisFiscalYear() {
            int thisYear = FiscalYear.containing(clock.instant()).year();
            String thisMonth =
                    YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
            String query = "?taskForceId=" + BEST_HOUSTON;
            JsonNode before = results(query);
            assertThat(before.get("fiscalYear").asInt()).isEqualTo(thisYear);

            String caseId = openCase(BEST_HOUSTON).caseId();
            Response closed = as(COORDINATOR_TOKEN)
                    .post(
                            "/api/cases/" + caseId + "/status",
                            Map.of("status", "CLOSED", "reason", "no prosecutable offence"));
            assertThat(closed.status()).as(closed.raw().body()).isEqualTo(200);
            assertThat(closed.body().get("closedAt").isNull()).isFalse();

            JsonNode after = results(query);
            for (String figure : List.of("casesOpened", "casesClosed")) {
                assertThat(row(after, BEST_HOUSTON).get(figure).asLong())
                        .as(figure)
                        .isEqualTo(row(before, BEST_HOUSTON).get(figure).asLong() + 1);
                assertThat(after.get("totals").get(figure).asLong())
                        .as(figure)
                        .isEqualTo(before.get("totals").get(figure).asLong() + 1);
                assertThat(month(after, thisMonth).get(figure).asLong())
                        .as(figure)
                        .isEqualTo(month(before, thisMonth).get(figure).asLong() + 1);
            }
        }
    }

    @Nested
    class Filters {

        @Test
        void narrowsToTheTaskForcesOfAProgram() {
            JsonNode report = results("?fiscalYear=2031&program=GANG");

            assertThat(report.get("program").asString()).isEqualTo("GANG");
            assertThat(ids(report)).containsExactly(GANG_LOS_ANGELES);
            assertThat(figures(report.get("totals")))
                    .containsExactlyEntriesOf(expected(1, 2, "0.00", "0.0", 5, 2, 1, 0, 0, 0));
        }

        @Test
        void narrowsToOneTaskForce() {
            JsonNode report = results("?fiscalYear=2031&taskForceId=" + BEST_HOUSTON);

            assertThat(report.get("taskForceId").asString()).isEqualTo(BEST_HOUSTON);
            assertThat(ids(report)).containsExactly(BEST_HOUSTON);
            assertThat(figures(report.get("totals")))
                    .containsExactlyEntriesOf(expected(3, 4, "1334.75", "27.5", 0, 0, 0, 1, 0, 0));
            assertThat(stream(report.get("byMonth"))
                            .mapToLong(m -> m.get("indictments").asLong())
                            .sum())
                    .as("the gang task force's indictments stay out")
                    .isZero();
        }

        @Test
        void answersEmptyRowsForATaskForceOrProgramThatDoesNotExist() {
            for (String query : List.of("?taskForceId=no-such-task-force", "?program=NOPE")) {
                Response response = as(GARZA_TOKEN).get("/api/reports/results" + query + "&fiscalYear=2031");
                assertThat(response.status()).as(query).isEqualTo(200);
                assertThat(response.body().get("rows").isEmpty()).as(query).isTrue();
                assertThat(response.body().get("totals").get("arrests").asLong())
                        .as(query)
                        .isZero();
                assertThat(response.body().get("byMonth").size()).as(query).isEqualTo(12);
            }
        }
    }

    @Nested
    class Refusals {

        @Test
        void refusesAFiscalYearThatIsNoYearOrOutOfRangeNamingTheField() {
            for (String value : List.of("abc", "1999", "2101", "2026-10")) {
                Response response = as(GARZA_TOKEN).get("/api/reports/results?fiscalYear=" + value);
                assertThat(response.status()).as(value).isEqualTo(400);
                assertThat(response.raw().body()).as(value).contains("fiscalYear");
            }
        }

        @Test
        void refusesACallerWithoutAToken() {
            assertThat(anonymous().get("/api/reports/results").status()).isEqualTo(401);
        }

        @Test
        void answersAnAgencyAdministratorToo() {
            assertThat(as(HOUSTON_ADMIN_TOKEN)
                            .get("/api/reports/results?fiscalYear=2031")
                            .status())
                    .isEqualTo(200);
        }
    }

    // ---- helpers

    private void record(String token, String caseId, Map<String, Object> outcome) {
        Response response = as(token).post("/api/cases/" + caseId + "/outcomes", outcome);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
    }

    private static Map<String, Object> counted(String type, int count, String occurredAt) {
        return Map.of("type", type, "count", count, "occurredAt", occurredAt);
    }

    private static Map<String, Object> seized(String category, String quantity, String unit, String occurredAt) {
        return Map.of(
                "type",
                "SEIZURE",
                "seizure",
                Map.of("category", category, "quantity", new java.math.BigDecimal(quantity), "unit", unit),
                "occurredAt",
                occurredAt);
    }

    private JsonNode results(String query) {
        Response response = as(GARZA_TOKEN).get("/api/reports/results" + query);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response.body();
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> ids(JsonNode report) {
        return stream(report.get("rows"))
                .map(r -> r.get("taskForceId").asString())
                .toList();
    }

    private static JsonNode row(JsonNode report, String taskForceId) {
        return stream(report.get("rows"))
                .filter(r -> r.get("taskForceId").asString().equals(taskForceId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + taskForceId + " in " + report));
    }

    private static JsonNode month(JsonNode report, String month) {
        return stream(report.get("byMonth"))
                .filter(m -> m.get("month").asString().equals(month))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no month " + month + " in " + report));
    }

    private static final List<String> FIGURES = List.of(
            "arrests",
            "firearmsSeized",
            "currencySeizedUsd",
            "narcoticsSeizedLb",
            "victimsIdentified",
            "indictments",
            "convictions",
            "removals",
            "casesOpened",
            "casesClosed");

    /** The figures as text, money with two decimals and pounds with one. */
    private static Map<String, String> figures(JsonNode node) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (String name : FIGURES) {
            JsonNode value = node.get(name);
            figures.put(
                    name,
                    switch (name) {
                        case "currencySeizedUsd" ->
                            value.decimalValue()
                                    .setScale(2, java.math.RoundingMode.UNNECESSARY)
                                    .toPlainString();
                        case "narcoticsSeizedLb" ->
                            value.decimalValue()
                                    .setScale(1, java.math.RoundingMode.UNNECESSARY)
                                    .toPlainString();
                        default -> String.valueOf(value.asLong());
                    });
        }
        return figures;
    }

    private static Map<String, String> expected(
            long arrests,
            long firearms,
            String currency,
            String narcotics,
            long victims,
            long indictments,
            long convictions,
            long removals,
            long opened,
            long closed) {
        List<String> values = List.of(
                String.valueOf(arrests),
                String.valueOf(firearms),
                currency,
                narcotics,
                String.valueOf(victims),
                String.valueOf(indictments),
                String.valueOf(convictions),
                String.valueOf(removals),
                String.valueOf(opened),
                String.valueOf(closed));
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < FIGURES.size(); i++) {
            expected.put(FIGURES.get(i), values.get(i));
        }
        return expected;
    }
}
