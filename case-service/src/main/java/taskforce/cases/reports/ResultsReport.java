package taskforce.cases.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.CaseFigures;
import taskforce.cases.casefile.CaseFigures.CaseCount;
import taskforce.cases.casefile.CaseFigures.OutcomeSum;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.TaskForce;
import taskforce.contracts.cases.FiscalYear;
import taskforce.contracts.cases.SeizureCategory;
import taskforce.contracts.cases.SeizureUnit;

/**
 * The figures programs publish about their task forces for a fiscal year (1 October to 30 September, named after
 * the year it ends in), from the outcomes recorded on cases and from when cases opened and closed.
 *
 * <p>The database does the counting ({@link CaseFigures}, where casefile aggregates its own collection): one small
 * row per task force, month and kind of outcome (at most a few hundred for a year), never the cases themselves.
 * This class only adds those rows up into the report's fields, because converting kilograms into
 * pounds and rounding money is clearer with BigDecimal than with operators. Every stage and operator used here
 * ($match, $unwind, $group, $year, $month, $sum) works on real MongoDB and on mongo-java-server 1.47, the store
 * of the tests; months are grouped by $year and $month rather than $dateTrunc, which mongo-java-server lacks.
 */
@Service
public class ResultsReport {

    static final BigDecimal POUNDS_PER_KILOGRAM = new BigDecimal("2.20462262");

    private final CaseFigures figures;
    private final Directory directory;

    public ResultsReport(CaseFigures figures, Directory directory) {
        this.figures = figures;
        this.directory = directory;
    }

    /** The figures of one task force, of all of them, or of one month; sums before rounding. */
    public static final class Tally {
        long arrests;
        long firearms;
        BigDecimal currencyUsd = BigDecimal.ZERO;
        BigDecimal narcoticsLb = BigDecimal.ZERO;
        long victimsIdentified;
        long indictments;
        long convictions;
        long removals;
        long casesOpened;
        long casesClosed;

        public long arrests() {
            return arrests;
        }

        public long firearmsSeized() {
            return firearms;
        }

        public BigDecimal currencySeizedUsd() {
            return currencyUsd.setScale(2, RoundingMode.HALF_UP);
        }

        public BigDecimal narcoticsSeizedLb() {
            return narcoticsLb.setScale(1, RoundingMode.HALF_UP);
        }

        public long victimsIdentified() {
            return victimsIdentified;
        }

        public long indictments() {
            return indictments;
        }

        public long convictions() {
            return convictions;
        }

        public long removals() {
            return removals;
        }

        public long casesOpened() {
            return casesOpened;
        }

        public long casesClosed() {
            return casesClosed;
        }
    }

    public record Results(
            FiscalYear fiscalYear,
            List<TaskForce> taskForces,
            Map<String, Tally> byTaskForce,
            Tally totals,
            Map<YearMonth, Tally> byMonth) {}

    /**
     * The results of the task forces in scope: one task force, the task forces of one program, or all of them.
     * A filter that matches no task force answers an empty report.
     */
    public Results of(FiscalYear year, String taskForceId, String program) {
        List<TaskForce> scope = directory.taskForces().stream()
                .filter(tf -> taskForceId == null || taskForceId.equals(tf.id()))
                .filter(tf -> program == null || program.equalsIgnoreCase(tf.program()))
                .sorted(Comparator.comparing(TaskForce::id))
                .toList();
        Map<String, Tally> byTaskForce = new LinkedHashMap<>();
        scope.forEach(tf -> byTaskForce.put(tf.id(), new Tally()));
        Tally totals = new Tally();
        Map<YearMonth, Tally> byMonth = new LinkedHashMap<>();
        year.months().forEach(m -> byMonth.put(m, new Tally()));
        if (!scope.isEmpty()) {
            List<String> ids = scope.stream().map(TaskForce::id).toList();
            Instant from = year.startInstant();
            Instant to = year.endInstant();
            for (OutcomeSum sum : figures.outcomes(ids, from, to)) {
                for (Tally tally : List.of(byTaskForce.get(sum.taskForceId()), totals, byMonth.get(sum.month()))) {
                    addOutcome(tally, sum);
                }
            }
            for (CaseCount opened : figures.opened(ids, from, to)) {
                for (Tally tally :
                        List.of(byTaskForce.get(opened.taskForceId()), totals, byMonth.get(opened.month()))) {
                    tally.casesOpened += opened.cases();
                }
            }
            for (CaseCount closed : figures.closed(ids, from, to)) {
                for (Tally tally :
                        List.of(byTaskForce.get(closed.taskForceId()), totals, byMonth.get(closed.month()))) {
                    tally.casesClosed += closed.cases();
                }
            }
        }
        return new Results(year, scope, byTaskForce, totals, byMonth);
    }

    private static void addOutcome(Tally tally, OutcomeSum sum) {
        switch (sum.type()) {
            case ARREST -> tally.arrests += sum.count();
            case VICTIM_IDENTIFIED -> tally.victimsIdentified += sum.count();
            case INDICTMENT -> tally.indictments += sum.count();
            case CONVICTION -> tally.convictions += sum.count();
            case REMOVAL -> tally.removals += sum.count();
            case SEIZURE -> addSeizure(tally, sum.category(), sum.unit(), sum.quantity());
        }
    }

    private static void addSeizure(Tally tally, SeizureCategory category, SeizureUnit unit, BigDecimal quantity) {
        if (category == SeizureCategory.FIREARMS && unit == SeizureUnit.EACH) {
            tally.firearms += quantity.longValue();
        } else if (category == SeizureCategory.CURRENCY && unit == SeizureUnit.USD) {
            tally.currencyUsd = tally.currencyUsd.add(quantity);
        } else if (category == SeizureCategory.NARCOTICS && unit == SeizureUnit.LB) {
            tally.narcoticsLb = tally.narcoticsLb.add(quantity);
        } else if (category == SeizureCategory.NARCOTICS && unit == SeizureUnit.KG) {
            tally.narcoticsLb = tally.narcoticsLb.add(quantity.multiply(POUNDS_PER_KILOGRAM));
        }
    }
}
