package taskforce.notification.cases;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.BucketedIndex;

/**
 * Where each case's notifications went ({@code case_traces}, platform's {@link BucketedIndex} keyed by case id): the
 * ids of the inbox entries and deliveries every event of the case made, one value per event, so that a purge (issue
 * 15) finds them by {@code _id} instead of scanning inboxes and the delivery log for the case. Filed after the event's
 * effects and before the event is marked processed, so an event that stopped in between is filed when it comes again.
 */
@Repository
class CaseTraces {

    static final String COLLECTION = "case_traces";
    private static final String NOTIFICATIONS = "n";
    private static final String DELIVERIES = "d";

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

    private final BucketedIndex index;

    CaseTraces(MongoTemplate mongo) {
        this.index = new BucketedIndex(mongo, COLLECTION, "traces");
    }

    void file(String caseId, Trace trace) {
        if (!trace.isEmpty()) {
            index.add(caseId, new Document(NOTIFICATIONS, trace.notificationIds).append(DELIVERIES, trace.deliveryIds));
        }
    }

    Traced of(String caseId) {
        Set<String> notifications = new LinkedHashSet<>();
        Set<String> deliveries = new LinkedHashSet<>();
        for (Document traced : index.read(caseId, Document.class)) {
            notifications.addAll(traced.getList(NOTIFICATIONS, String.class, List.of()));
            deliveries.addAll(traced.getList(DELIVERIES, String.class, List.of()));
        }
        return new Traced(notifications, deliveries);
    }

    void forget(String caseId) {
        index.forget(caseId);
    }
}
