package taskforce.cases.casefile;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.cases.CaseServiceApplication;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseStatus;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;

/** The cases, each stored with the history of its events and its outbox in one document. */
@Component
public class Cases {

    public static final String COLLECTION = "cases";

    private static final Map<Class<?>, EventType<?>> TYPES =
            EventTypes.ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    private final MongoTemplate mongo;
    private final AggregateStore<Case> store;

    public Cases(MongoTemplate mongo, OutboxRelay relay) {
        this.mongo = mongo;
        this.store = new AggregateStore<>(mongo, relay, Case.class, COLLECTION, true);
    }

    public record Page(List<Versioned<Case>> items, int page, int size, long total) {}

    public Optional<Versioned<Case>> find(String caseId) {
        return store.find(caseId);
    }

    /** Inserts a new case with its events; a duplicate id fails (DuplicateKeyException or code 11000). */
    public void insert(Case c, List<CloudEvent> events) {
        store.insert(c.id(), c, events);
    }

    /** Writes the change if the case is still at {@code expectedVersion}; returns the new version. */
    public long update(long expectedVersion, Case next, List<CloudEvent> events) {
        return store.update(next.id(), expectedVersion, next, events);
    }

    /** Every event of the case, oldest first. */
    public List<CloudEvent> timeline(String caseId) {
        return store.history(caseId).stream()
                .filter(e -> caseId.equals(e.subject()))
                .toList();
    }

    /**
     * The cases matching the filters, newest first.
     *
     * @param withinTaskForces the task forces the caller may read, or null for all of them
     */
    public Page search(
            Collection<String> withinTaskForces,
            String taskForceId,
            CaseStatus status,
            String assigneeId,
            String q,
            int page,
            int size) {
        List<Bson> filters = new ArrayList<>();
        if (withinTaskForces != null) {
            filters.add(in("taskForceId", withinTaskForces));
        }
        if (taskForceId != null && !taskForceId.isBlank()) {
            filters.add(eq("taskForceId", taskForceId));
        }
        if (status != null) {
            filters.add(eq("status", status.name()));
        }
        if (assigneeId != null && !assigneeId.isBlank()) {
            filters.add(eq("assignments.memberId", assigneeId));
        }
        if (q != null && !q.isBlank()) {
            String pattern = Pattern.quote(q.trim());
            filters.add(or(regex("title", pattern, "i"), regex("caseNumber", pattern, "i")));
        }
        Bson filter = filters.isEmpty() ? new Document() : and(filters);
        var collection = mongo.getCollection(COLLECTION);
        long total = collection.countDocuments(filter);
        List<Versioned<Case>> items = new ArrayList<>();
        collection
                .find(filter)
                .projection(new Document(OutboxRelay.FIELD, 0).append(AggregateStore.HISTORY, 0))
                .sort(new Document("openedAt", -1).append("_id", 1))
                .skip(page * size)
                .limit(size)
                .forEach(doc -> items.add(new Versioned<>(
                        mongo.getConverter().read(Case.class, doc),
                        ((Number) doc.getOrDefault(AggregateStore.VERSION, 0L)).longValue())));
        return new Page(items, page, size, total);
    }

    /** Wraps a payload of a case event (or lead.triaged) as a CloudEvent of this service. */
    @SuppressWarnings("unchecked")
    public static CloudEvent event(String subject, Object payload) {
        EventType<Object> type = (EventType<Object>) TYPES.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException(
                    "no event type carries " + payload.getClass().getSimpleName());
        }
        return EventCodec.instance().wrap(type, CaseServiceApplication.SOURCE, subject, payload);
    }

    public static List<CloudEvent> events(Case c, List<Object> payloads) {
        return payloads.stream().map(payload -> event(c.id(), payload)).toList();
    }
}
