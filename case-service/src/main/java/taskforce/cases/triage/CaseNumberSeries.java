package taskforce.cases.triage;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.LocalDate;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import taskforce.cases.directory.TaskForce;

/**
 * The one place that hands out case numbers: a case opened by triage and a case a task force accepts by transfer
 * both take the next number of its series ({@link CaseNumbers#prefix}), counted in one document per prefix by
 * {@code _id}, so two instances never hand out the same number.
 */
@Component
public class CaseNumberSeries {

    public static final String COUNTERS = "case_counters";

    private final MongoTemplate mongo;

    public CaseNumberSeries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The next number of the task force's series on that day. */
    public String next(TaskForce taskForce, LocalDate day) {
        String prefix = CaseNumbers.prefix(taskForce.program(), taskForce.area(), day);
        Document counter = mongo.findAndModify(
                query(where("_id").is(prefix)),
                new Update().inc("next", 1L),
                FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class,
                COUNTERS);
        long sequence = ((Number) counter.get("next")).longValue();
        return CaseNumbers.format(prefix, sequence);
    }
}
