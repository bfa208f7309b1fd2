package taskforce.cases.casefile;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.contracts.cases.PurgeCause;

/**
 * The tombstones of purged cases ({@value #COLLECTION}, {@code _id = caseId}), read and written by {@code _id}
 * only: what {@code GET /api/cases/{id}} answers with 410 once the case itself is erased.
 */
@Component
public class Tombstones {

    public static final String COLLECTION = "case_tombstones";

    private final MongoTemplate mongo;

    public Tombstones(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Files the tombstone; filing it again (a resumed erasure) keeps the reason the first filing had. */
    public void file(Tombstone tombstone) {
        Optional<Tombstone> before = find(tombstone.caseId());
        Tombstone kept = before.filter(known -> known.reason() != null && tombstone.reason() == null)
                .map(known -> new Tombstone(
                        tombstone.caseId(),
                        tombstone.caseNumber(),
                        tombstone.formerCaseNumbers(),
                        tombstone.taskForceId(),
                        tombstone.purgedAt(),
                        tombstone.decidedBy(),
                        tombstone.cause(),
                        known.reason(),
                        tombstone.erasedAt()))
                .orElse(tombstone);
        mongo.getCollection(COLLECTION)
                .replaceOne(eq("_id", kept.caseId()), document(kept), new ReplaceOptions().upsert(true));
    }

    public Optional<Tombstone> find(String caseId) {
        Document found = mongo.getCollection(COLLECTION).find(eq("_id", caseId)).first();
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(new Tombstone(
                found.getString("_id"),
                found.getString("caseNumber"),
                found.getList("formerCaseNumbers", String.class, List.of()),
                found.getString("taskForceId"),
                instant(found, "purgedAt"),
                found.getString("decidedBy"),
                found.getString("cause") == null ? null : PurgeCause.valueOf(found.getString("cause")),
                found.getString("reason"),
                instant(found, "erasedAt")));
    }

    private static Document document(Tombstone t) {
        return new Document("_id", t.caseId())
                .append("caseNumber", t.caseNumber())
                .append("formerCaseNumbers", t.formerCaseNumbers())
                .append("taskForceId", t.taskForceId())
                .append("purgedAt", t.purgedAt() == null ? null : Date.from(t.purgedAt()))
                .append("decidedBy", t.decidedBy())
                .append("cause", t.cause() == null ? null : t.cause().name())
                .append("reason", t.reason())
                .append("erasedAt", t.erasedAt() == null ? null : Date.from(t.erasedAt()));
    }

    private static java.time.Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
