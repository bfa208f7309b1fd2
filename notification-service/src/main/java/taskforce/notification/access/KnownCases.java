package taskforce.notification.access;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The task force of every case this service has heard of ({@code known_cases}, case id in {@code _id}), fed by
 * the case events it consumes anyway: enough to decide whether an agency may follow a case without reading the
 * case service's database. A case moves between task forces never, so an upsert per event is idempotent.
 */
@Repository
class KnownCases {

    static final String COLLECTION = "known_cases";
    private static final String TASK_FORCE = "taskForceId";

    private final MongoTemplate mongo;

    KnownCases(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void remember(String caseId, String taskForceId) {
        mongo.upsert(query(where("_id").is(caseId)), Update.update(TASK_FORCE, taskForceId), COLLECTION);
    }

    Optional<String> taskForceOf(String caseId) {
        return Optional.ofNullable(mongo.findById(caseId, Document.class, COLLECTION))
                .map(known -> known.getString(TASK_FORCE));
    }
}
