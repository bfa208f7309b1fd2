package taskforce.cases.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Cases;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.TaskForce;

/**
 * The figures programs publish about their task forces for a fiscal year (1 October to 30 September, named after
 * the year it ends in), from the outcomes recorded on cases and from when cases opened and closed.
 *
 * <p>The database does the counting: each figure comes from a {@code $match → $unwind → $group} pipeline that
 * answers one small row per task force, month and kind of outcome (at most a few hundred for a year), never the
 * cases themselves. Java only adds those rows up into the report's fields, because converting kilograms into
 * pounds and rounding money is clearer with BigDecimal than with operators. Every stage and operator used here
 * ($match, $unwind, $group, $year, $month, $sum) works on real MongoDB and on mongo-java-server 1.47, the store
 * of the tests; months are grouped by $year and $month rather than $dateTrunc, which mongo-java-server lacks.
 */
@Service
public class ResultsReport {

    static final BigDecimal POUNDS_PER_KILOGRAM = new BigDecimal("2.20462262");

    private final MongoTemplate mongo;
    private final Directory directory;

    public ResultsReport(MongoTemplate mongo, Directory directory) {
        this.mongo = mongo;
        this.directory = directory;
    }

    /** The fiscal year {@code year}: from 1 October of the year before (inclusive) to 1 October (exclusive). */
    public record FiscalYear(int year) {

        public LocalDate start() {
            return LocalDate.of(year - 1, 10, 1);
        }

        public LocalDate endExclusive() {
            return LocalDate.of(year, 10, 1);
        }

        public List<YearMonth> months() {
            List<YearMonth> months = new ArrayList<>();
            for (YearMonth m = YearMonth.from(start());
                    m.isBefore(YearMonth.from(endExclusive()));
                    m = m.plusMonths(1)) {
                months.add(m);
            }
            return months;
        }

        Date from() {
            return Date.from(start().atStartOfDay(ZoneOffset.UTC).toInstant());
        }

        Date to() {
            return Date.from(endExclusive().atStartOfDay(ZoneOffset.UTC).toInstant());
        }
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
            for (Document row : outcomes(year, ids)) {
                Document key = row.get("_id", Document.class);
                List<Tally> into =
                        List.of(byTaskForce.get(key.getString("taskForceId")), totals, byMonth.get(monthOf(key)));
                into.forEach(tally -> addOutcome(tally, key, row));
            }
            for (Document row : casesBy(year, ids, "openedAt")) {
                Document key = row.get("_id", Document.class);
                long n = number(row.get("n")).longValue();
                for (Tally tally :
                        List.of(byTaskForce.get(key.getString("taskForceId")), totals, byMonth.get(monthOf(key)))) {
                    tally.casesOpened += n;
                }
            }
            for (Document row : casesBy(year, ids, "closedAt")) {
                Document key = row.get("_id", Document.class);
                long n = number(row.get("n")).longValue();
                for (Tally tally :
                        List.of(byTaskForce.get(key.getString("taskForceId")), totals, byMonth.get(monthOf(key)))) {
                    tally.casesClosed += n;
                }
            }
        }
        return new Results(year, scope, byTaskForce, totals, byMonth);
    }

    /** One row per task force, month, outcome type and (for seizures) category and unit. */
    private List<Document> outcomes(FiscalYear year, List<String> taskForceIds) {
        Document inYear = new Document("$gte", year.from()).append("$lt", year.to());
        List<Document> pipeline = List.of(
                new Document(
                        "$match",
                        new Document("taskForceId", new Document("$in", taskForceIds))
                                .append("outcomes.occurredAt", inYear)),
                new Document("$unwind", "$outcomes"),
                new Document("$match", new Document("outcomes.occurredAt", inYear)),
                new Document(
                        "$group",
                        new Document(
                                        "_id",
                                        new Document("taskForceId", "$taskForceId")
                                                .append("year", new Document("$year", "$outcomes.occurredAt"))
                                                .append("month", new Document("$month", "$outcomes.occurredAt"))
                                                .append("type", "$outcomes.type")
                                                .append("category", "$outcomes.seizure.category")
                                                .append("unit", "$outcomes.seizure.unit"))
                                .append("count", new Document("$sum", "$outcomes.count"))
                                .append("quantity", new Document("$sum", "$outcomes.seizure.quantity"))));
        return aggregate(pipeline);
    }

    /** Cases per task force and month by one of their instants ({@code openedAt} or {@code closedAt}). */
    private List<Document> casesBy(FiscalYear year, List<String> taskForceIds, String instant) {
        List<Document> pipeline = List.of(
                new Document(
                        "$match",
                        new Document("taskForceId", new Document("$in", taskForceIds))
                                .append(instant, new Document("$gte", year.from()).append("$lt", year.to()))),
                new Document(
                        "$group",
                        new Document(
                                        "_id",
                                        new Document("taskForceId", "$taskForceId")
                                                .append("year", new Document("$year", "$" + instant))
                                                .append("month", new Document("$month", "$" + instant)))
                                .append("n", new Document("$sum", 1))));
        return aggregate(pipeline);
    }

    private List<Document> aggregate(List<Document> pipeline) {
        List<Document> rows = new ArrayList<>();
        mongo.getCollection(Cases.COLLECTION).aggregate(pipeline).into(rows);
        return rows;
    }

    private static void addOutcome(Tally tally, Document key, Document row) {
        long count = number(row.get("count")).longValue();
        switch (String.valueOf(key.get("type"))) {
            case "ARREST" -> tally.arrests += count;
            case "VICTIM_IDENTIFIED" -> tally.victimsIdentified += count;
            case "INDICTMENT" -> tally.indictments += count;
            case "CONVICTION" -> tally.convictions += count;
            case "REMOVAL" -> tally.removals += count;
            case "SEIZURE" -> addSeizure(tally, key.getString("category"), key.getString("unit"), decimal(row));
            default -> {
                // an outcome type this report does not publish
            }
        }
    }

    private static void addSeizure(Tally tally, String category, String unit, BigDecimal quantity) {
        if ("FIREARMS".equals(category) && "EACH".equals(unit)) {
            tally.firearms += quantity.longValue();
        } else if ("CURRENCY".equals(category) && "USD".equals(unit)) {
            tally.currencyUsd = tally.currencyUsd.add(quantity);
        } else if ("NARCOTICS".equals(category) && "LB".equals(unit)) {
            tally.narcoticsLb = tally.narcoticsLb.add(quantity);
        } else if ("NARCOTICS".equals(category) && "KG".equals(unit)) {
            tally.narcoticsLb = tally.narcoticsLb.add(quantity.multiply(POUNDS_PER_KILOGRAM));
        }
    }

    private static YearMonth monthOf(Document key) {
        return YearMonth.of(
                number(key.get("year")).intValue(), number(key.get("month")).intValue());
    }

    private static BigDecimal decimal(Document row) {
        Object value = row.get("quantity");
        if (value instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.ZERO;
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }
}
