package taskforce.cases.casefile;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.SeizureCategory;
import taskforce.contracts.cases.SeizureUnit;

/**
 * Sums over the stored cases, per task force and month (UTC), for reports: casefile owns how cases are stored, so
 * the aggregations over its collection live here and answer plain records. Each is a {@code $match → $unwind →
 * $group} pipeline; every stage and operator used ($match, $unwind, $group, $year, $month, $sum) works on real
 * MongoDB and on mongo-java-server 1.47, the store of the tests; months are grouped by $year and $month rather
 * than $dateTrunc, which mongo-java-server lacks.
 */
@Component
public class CaseFigures {

    private final MongoTemplate mongo;

    public CaseFigures(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The outcomes of one type (and, for seizures, category and unit) that occurred in one month. */
    public record OutcomeSum(
            String taskForceId,
            YearMonth month,
            OutcomeType type,
            SeizureCategory category,
            SeizureUnit unit,
            long count,
            BigDecimal quantity) {}

    /** How many cases were opened, or closed, in one month. */
    public record CaseCount(String taskForceId, YearMonth month, long cases) {}

    /** Outcomes of the task forces' cases that occurred in [from, to). */
    public List<OutcomeSum> outcomes(List<String> taskForceIds, Instant from, Instant to) {
        Document inRange = range(from, to);
        List<Document> pipeline = List.of(
                new Document(
                        "$match",
                        new Document("taskForceId", new Document("$in", taskForceIds))
                                .append("outcomes.occurredAt", inRange)),
                new Document("$unwind", "$outcomes"),
                new Document("$match", new Document("outcomes.occurredAt", inRange)),
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
        List<OutcomeSum> sums = new ArrayList<>();
        for (Document row : aggregate(pipeline)) {
            Document key = row.get("_id", Document.class);
            OutcomeType type = known(OutcomeType.class, key.get("type"));
            if (type == null) {
                continue; // a type this build does not know counts for no figure
            }
            sums.add(new OutcomeSum(
                    key.getString("taskForceId"),
                    monthOf(key),
                    type,
                    known(SeizureCategory.class, key.get("category")),
                    known(SeizureUnit.class, key.get("unit")),
                    number(row.get("count")).longValue(),
                    decimal(row.get("quantity"))));
        }
        return sums;
    }

    /** Cases of the task forces opened in [from, to), per month. */
    public List<CaseCount> opened(List<String> taskForceIds, Instant from, Instant to) {
        return countedBy("openedAt", taskForceIds, from, to);
    }

    /** Cases of the task forces closed in [from, to), per month; a case closed before closedAt existed is not. */
    public List<CaseCount> closed(List<String> taskForceIds, Instant from, Instant to) {
        return countedBy("closedAt", taskForceIds, from, to);
    }

    private List<CaseCount> countedBy(String instant, List<String> taskForceIds, Instant from, Instant to) {
        List<Document> pipeline = List.of(
                new Document(
                        "$match",
                        new Document("taskForceId", new Document("$in", taskForceIds))
                                .append(instant, range(from, to))),
                new Document(
                        "$group",
                        new Document(
                                        "_id",
                                        new Document("taskForceId", "$taskForceId")
                                                .append("year", new Document("$year", "$" + instant))
                                                .append("month", new Document("$month", "$" + instant)))
                                .append("n", new Document("$sum", 1))));
        List<CaseCount> counts = new ArrayList<>();
        for (Document row : aggregate(pipeline)) {
            Document key = row.get("_id", Document.class);
            counts.add(new CaseCount(
                    key.getString("taskForceId"),
                    monthOf(key),
                    number(row.get("n")).longValue()));
        }
        return counts;
    }

    private List<Document> aggregate(List<Document> pipeline) {
        List<Document> rows = new ArrayList<>();
        mongo.getCollection(Cases.COLLECTION).aggregate(pipeline).into(rows);
        return rows;
    }

    private static Document range(Instant from, Instant to) {
        return new Document("$gte", Date.from(from)).append("$lt", Date.from(to));
    }

    private static YearMonth monthOf(Document key) {
        return YearMonth.of(
                number(key.get("year")).intValue(), number(key.get("month")).intValue());
    }

    private static <E extends Enum<E>> E known(Class<E> type, Object name) {
        if (name == null) {
            return null;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(name.toString())) {
                return value;
            }
        }
        return null;
    }

    private static BigDecimal decimal(Object value) {
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
