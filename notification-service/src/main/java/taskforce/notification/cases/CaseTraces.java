package taskforce.notification.cases;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * Where each case's notifications went ({@code case_traces}): for each event of the case that made any, the ids of
 * the inbox entries and deliveries it made, in one document {@code _id = <caseId>|<eventId>}, so that a purge (issue
 * 15) finds them by a range of {@code _id} instead of scanning inboxes and the delivery log for the case. One upsert
 * by {@code _id} an event, no read, on every case event's path; filed after the event's effects and before the event
 * is marked processed, so an event that stopped in between is filed (its ids added) when it comes again.
 *
 * <p>Traces filed before this layout are kept in platform's {@code BucketedIndex} form: a head {@code _id =
 * <caseId>} and buckets {@code <caseId>|<bucket>} holding {@code traces} lists. The same range finds them, and they
 * are read and forgotten with the rest.
 */
@Repository
class CaseTraces {

    static final String COLLECTION = "case_traces";
    private static final String NOTIFICATIONS = "n";
    private static final String DELIVERIES = "d";
    private static final String BUCKETED = "traces";

    /** What one event made, gathered while it is handled. */
    static final class Trace {
        final List<String> notificationIds = new ArrayList<>();
        final List<String> deliveryIds = new ArrayList<>();

        boolean isEmpty() {
            return notificationIds.isEmpty() && deliveryIds.isEmpty();
        }
    }

    /** Everything the case's events made. */
    record Traced(Set<String> notificationIds, Set<String> deliveryIds) {}

    private final MongoTemplate mongo;

    CaseTraces(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void file(String caseId, String eventId, Trace trace) {
        if (!trace.isEmpty()) {
            collection()
                    .updateOne(
                            eq("_id", caseId + "|" + eventId),
                            Updates.combine(
                                    Updates.addEachToSet(NOTIFICATIONS, trace.notificationIds),
                                    Updates.addEachToSet(DELIVERIES, trace.deliveryIds)),
                            new UpdateOptions().upsert(true));
        }
    }

    Traced of(String caseId) {
        Set<String> notifications = new LinkedHashSet<>();
        Set<String> deliveries = new LinkedHashSet<>();
        for (Document found : collection().find(ofCase(caseId))) {
            List<Document> traces = new ArrayList<>(found.getList(BUCKETED, Document.class, List.of()));
            traces.add(found);
            for (Document traced : traces) {
                notifications.addAll(traced.getList(NOTIFICATIONS, String.class, List.of()));
                deliveries.addAll(traced.getList(DELIVERIES, String.class, List.of()));
            }
        }
        return new Traced(notifications, deliveries);
    }

    void forget(String caseId) {
        collection().deleteMany(ofCase(caseId));
    }

    /** The case's documents: the old head by its id, and everything {@code <caseId>|…} ('}' follows '|'). */
    private static Bson ofCase(String caseId) {
        return or(eq("_id", caseId), and(gte("_id", caseId + "|"), lt("_id", caseId + "}")));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
