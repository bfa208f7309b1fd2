package taskforce.cases.reports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.cases.directory.TaskForce;
import taskforce.cases.reports.ResultsReport.Results;
import taskforce.cases.reports.ResultsReport.Tally;
import taskforce.contracts.cases.FiscalYear;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.security.Caller;

/**
 * The results of task forces for a fiscal year. Open to every signed-in caller with a role: the figures are
 * aggregates of the kind programs publish in press releases and carry nothing of any case, so reading them is not
 * recorded in the audit trail.
 */
@RestController
class ResultsController {

    static final int FIRST_FISCAL_YEAR = 2000;
    static final int LAST_FISCAL_YEAR = 2100;

    private final ResultsReport report;
    private final Clock clock;

    ResultsController(ResultsReport report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    record Row(
            String taskForceId,
            String taskForceName,
            String program,
            long arrests,
            long firearmsSeized,
            BigDecimal currencySeizedUsd,
            BigDecimal narcoticsSeizedLb,
            long victimsIdentified,
            long indictments,
            long convictions,
            long removals,
            long casesOpened,
            long casesClosed) {

        static Row of(TaskForce tf, Tally t) {
            return new Row(
                    tf.id(),
                    tf.name(),
                    tf.program(),
                    t.arrests(),
                    t.firearmsSeized(),
                    t.currencySeizedUsd(),
                    t.narcoticsSeizedLb(),
                    t.victimsIdentified(),
                    t.indictments(),
                    t.convictions(),
                    t.removals(),
                    t.casesOpened(),
                    t.casesClosed());
        }
    }

    record Totals(
            long arrests,
            long firearmsSeized,
            BigDecimal currencySeizedUsd,
            BigDecimal narcoticsSeizedLb,
            long victimsIdentified,
            long indictments,
            long convictions,
            long removals,
            long casesOpened,
            long casesClosed) {

        static Totals of(Tally t) {
            return new Totals(
                    t.arrests(),
                    t.firearmsSeized(),
                    t.currencySeizedUsd(),
                    t.narcoticsSeizedLb(),
                    t.victimsIdentified(),
                    t.indictments(),
                    t.convictions(),
                    t.removals(),
                    t.casesOpened(),
                    t.casesClosed());
        }
    }

    record Month(
            String month,
            long arrests,
            long firearmsSeized,
            BigDecimal currencySeizedUsd,
            BigDecimal narcoticsSeizedLb,
            long victimsIdentified,
            long indictments,
            long convictions,
            long removals,
            long casesOpened,
            long casesClosed) {}

    /** @param to the last day of the fiscal year (30 September), inclusive */
    record ResultsView(
            int fiscalYear,
            LocalDate from,
            LocalDate to,
            String taskForceId,
            String program,
            List<Row> rows,
            Totals totals,
            List<Month> byMonth) {}

    @GetMapping("/api/reports/results")
    @Operation(
            summary = "Results of task forces for a fiscal year",
            description = "Arrests, seizures (firearms counted, currency in USD, narcotics in pounds), victims "
                    + "identified, indictments, convictions, removals, cases opened and closed, per task force "
                    + "(sorted by id, zeros included), in total and per month (October to September), counted by "
                    + "when each outcome occurred. Any signed-in caller with a role; a taskForceId or program that "
                    + "matches no task force answers empty rows.")
    ResultsView results(
            Caller caller,
            @Parameter(description = "one task force; all of them when absent") @RequestParam(required = false)
                    String taskForceId,
            @Parameter(description = "a directory program id (BEST, GANG, …): its task forces")
                    @RequestParam(required = false)
                    String program,
            @Parameter(
                            description = "the fiscal year N, from 1 October N-1 to 30 September N (UTC); "
                                    + "the current one when absent")
                    @RequestParam(required = false)
                    String fiscalYear) {
        if (caller.roles().isEmpty()) {
            throw new Forbidden("Forbidden", "the results need a caller with a role");
        }
        FiscalYear year = new FiscalYear(fiscalYear(fiscalYear));
        String tf = blankToNull(taskForceId);
        String prog = blankToNull(program);
        Results results = report.of(year, tf, prog);
        List<Row> rows = results.taskForces().stream()
                .map(t -> Row.of(t, results.byTaskForce().get(t.id())))
                .toList();
        List<Month> months = results.byMonth().entrySet().stream()
                .map(e -> {
                    Tally t = e.getValue();
                    return new Month(
                            e.getKey().toString(),
                            t.arrests(),
                            t.firearmsSeized(),
                            t.currencySeizedUsd(),
                            t.narcoticsSeizedLb(),
                            t.victimsIdentified(),
                            t.indictments(),
                            t.convictions(),
                            t.removals(),
                            t.casesOpened(),
                            t.casesClosed());
                })
                .toList();
        return new ResultsView(
                year.year(),
                year.start(),
                year.endExclusive().minusDays(1),
                tf,
                prog,
                rows,
                Totals.of(results.totals()),
                months);
    }

    private int fiscalYear(String value) {
        if (value == null || value.isBlank()) {
            return FiscalYear.containing(clock.instant()).year();
        }
        int year;
        try {
            year = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidField(
                    "fiscalYear", "fiscalYear must be a year such as 2026 (October 2025 to September 2026)");
        }
        if (year < FIRST_FISCAL_YEAR || year > LAST_FISCAL_YEAR) {
            throw new InvalidField(
                    "fiscalYear",
                    "fiscalYear must be between " + FIRST_FISCAL_YEAR + " and " + LAST_FISCAL_YEAR + ", not " + year);
        }
        return year;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
