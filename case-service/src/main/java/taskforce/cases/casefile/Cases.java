package taskforce.cases.casefile;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import java.time.Instant;
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
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.lead.Priority;
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
        declareSearchIndexes();
    }

    /**
     * What the case board's filters and orders need on production MongoDB (the in-process store keeps none of
     * them): every search is narrowed to task forces, then ordered newest first, by number, or within a status or
     * priority rank; an assignee's cases are found by the member.
     */
    private void declareSearchIndexes() {
        var collection = mongo.getCollection(COLLECTION);
        collection.createIndex(
                new Document("taskForceId", 1).append("openedAt", -1).append("_id", 1));
        collection.createIndex(new Document("taskForceId", 1).append("caseNumber", 1));
        collection.createIndex(new Document("taskForceId", 1)
                .append("status", 1)
                .append("openedAt", -1)
                .append("_id", 1));
        collection.createIndex(new Document("taskForceId", 1)
                .append("priority", 1)
                .append("openedAt", -1)
                .append("_id", 1));
        collection.createIndex(
                new Document("assignments.memberId", 1).append("openedAt", -1).append("_id", 1));
    }

    public record Page(List<Versioned<Case>> items, int page, int size, long total) {}

    public Optional<Versioned<Case>> find(String caseId) {
        return store.find(caseId);
    }

    /**
     * Where a case stands, which is all triage and deconfliction need to decide whether a lead may join it or a
     * hit is due: read by {@code _id} with only these fields, so that deciding never reads a case's subjects,
     * identifiers, leads, notes or outcomes (a busy case's bulk), only the one case the lead joins is read whole.
     */
    public record Standing(String caseId, String taskForceId, CaseStatus status, String caseNumber, boolean purged) {

        public Standing(String caseId, String taskForceId, CaseStatus status, String caseNumber) {
            this(caseId, taskForceId, status, caseNumber, false);
        }

        /**
         * Open to new leads of the task force: a closed case, one transferred elsewhere, or one merged into another
         * takes none (the survivor of a merge is filed under the merged case's keys, so a lead finds it there), nor
         * does a purged one, which is only a tombstone until its erasure completes.
         */
        public boolean openIn(String taskForceId) {
            return !purged
                    && status != CaseStatus.CLOSED
                    && status != CaseStatus.MERGED
                    && taskForceId.equals(this.taskForceId);
        }
    }

    public Optional<Standing> standing(String caseId) {
        Document found = mongo.getCollection(COLLECTION)
                .find(eq("_id", caseId))
                .projection(new Document("taskForceId", 1)
                        .append("status", 1)
                        .append("caseNumber", 1)
                        .append("purgedAt", 1))
                .first();
        if (found == null) {
            return Optional.empty();
        }
        String status = found.getString("status");
        return Optional.of(new Standing(
                caseId,
                found.getString("taskForceId"),
                status == null ? null : CaseStatus.valueOf(status),
                found.getString("caseNumber"),
                found.get("purgedAt") != null));
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

    /** What a list of cases is narrowed to; every field may be null. */
    public record Filter(String taskForceId, CaseStatus status, Priority priority, String assigneeId, String q) {}

    /**
     * How a list of cases is ordered, newest first within equals. Priority and status are ordered by meaning
     * (most urgent first; the lifecycle's order), which their names' alphabetical order is not.
     */
    public enum Order {
        OPENED,
        NUMBER,
        PRIORITY,
        STATUS
    }

    private static final Document NEWEST_FIRST = new Document("openedAt", -1).append("_id", 1);

    /**
     * The cases matching the filters, in the order asked for.
     *
     * @param withinTaskForces the task forces the caller may read, or null for all of them
     * @param filedUnderQ the cases the search indexes found under {@code q}: they match it besides those whose
     *     number (or one it had before a transfer), title or subjects' names contain it
     */
    public Page search(
            Collection<String> withinTaskForces,
            Filter filter,
            Collection<String> filedUnderQ,
            Order order,
            int page,
            int size) {
        List<Bson> filters = new ArrayList<>();
        if (withinTaskForces != null) {
            filters.add(in("taskForceId", withinTaskForces));
        }
        if (filter.taskForceId() != null && !filter.taskForceId().isBlank()) {
            filters.add(eq("taskForceId", filter.taskForceId()));
        }
        if (filter.status() != null) {
            filters.add(eq("status", filter.status().name()));
        }
        if (filter.priority() != null) {
            filters.add(eq("priority", filter.priority().name()));
        }
        if (filter.assigneeId() != null && !filter.assigneeId().isBlank()) {
            filters.add(eq("assignments.memberId", filter.assigneeId()));
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            String pattern = Pattern.quote(filter.q().trim());
            List<Bson> matchingQ = new ArrayList<>(List.of(
                    regex("title", pattern, "i"),
                    regex("caseNumber", pattern, "i"),
                    // a number the case had before a transfer still finds it
                    regex("formerCaseNumbers", pattern, "i"),
                    regex("subjects.name", pattern, "i"),
                    regex("subjects.aliases", pattern, "i")));
            if (!filedUnderQ.isEmpty()) {
                matchingQ.add(in("_id", filedUnderQ));
            }
            filters.add(or(matchingQ));
        }
        Bson matching = filters.isEmpty() ? new Document() : and(filters);
        long total = mongo.getCollection(COLLECTION).countDocuments(matching);
        List<Versioned<Case>> items = switch (order) {
            case OPENED -> slice(matching, NEWEST_FIRST, (long) page * size, size);
            case NUMBER -> slice(matching, new Document("caseNumber", 1), (long) page * size, size);
            case PRIORITY ->
                inRanks(
                        matching,
                        "priority",
                        List.of(Priority.URGENT, Priority.PRIORITY, Priority.ROUTINE),
                        page,
                        size);
            case STATUS -> inRanks(matching, "status", List.of(CaseStatus.values()), page, size);
        };
        return new Page(items, page, size, total);
    }

    /**
     * A page of cases ordered by a field's meaning rather than its spelling: the field has few values, so the
     * page is cut from one newest-first query per value, in rank order, each skipping what the ranks before it
     * hold. Paging stays in the database whatever the number of cases.
     */
    private List<Versioned<Case>> inRanks(
            Bson matching, String field, List<? extends Enum<?>> ranks, int page, int size) {
        long skip = (long) page * size;
        List<Versioned<Case>> items = new ArrayList<>();
        for (Enum<?> rank : ranks) {
            if (items.size() == size) {
                break;
            }
            Bson ofRank = and(matching, eq(field, rank.name()));
            long inRank = mongo.getCollection(COLLECTION).countDocuments(ofRank);
            if (skip >= inRank) {
                skip -= inRank;
                continue;
            }
            items.addAll(slice(ofRank, NEWEST_FIRST, skip, size - items.size()));
            skip = 0;
        }
        return items;
    }

    private List<Versioned<Case>> slice(Bson matching, Document sort, long skip, int limit) {
        List<Versioned<Case>> items = new ArrayList<>();
        mongo.getCollection(COLLECTION)
                .find(matching)
                .projection(new Document(OutboxRelay.FIELD, 0).append(AggregateStore.HISTORY, 0))
                .sort(sort)
                .skip((int) skip)
                .limit(limit)
                .forEach(doc -> items.add(new Versioned<>(
                        mongo.getConverter().read(Case.class, doc),
                        ((Number) doc.getOrDefault(AggregateStore.VERSION, 0L)).longValue())));
        return items;
    }

    /**
     * The next {@code limit} cases after {@code afterId} in {@code _id} order (from the first when null), without
     * their outbox: a range on {@code _id}, for a job that walks every case once (the review calendar's backfill).
     */
    public List<Versioned<Case>> after(String afterId, int limit) {
        // from the first: every id is a non-empty string, so "" comes before all of them, and the query stays a
        // range of _id rather than an empty filter that a store may answer by walking the collection
        Bson from = new Document("_id", new Document("$gt", afterId == null ? "" : afterId));
        return slice(from, new Document("_id", 1), 0, limit);
    }

    /** Wraps a payload of a case event (or lead.triaged) as a CloudEvent of this service. */
    @SuppressWarnings("unchecked")
    public static CloudEvent event(String subject, Instant time, Object payload) {
        EventType<Object> type = (EventType<Object>) TYPES.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException(
                    "no event type carries " + payload.getClass().getSimpleName());
        }
        return EventCodec.instance().wrap(type, CaseServiceApplication.SOURCE, subject, time, payload);
    }

    /** The case's own events, oldest first, as their sealed type: what {@link Case#replay} rebuilds it from. */
    public List<CaseEventData> events(String caseId) {
        return timeline(caseId).stream().map(EventCodec.instance()::caseEvent).toList();
    }

    /** A page of the case's notes, newest first, read from the history where each note is stored once in full. */
    public NotePage notes(String caseId, int page, int size) {
        List<CaseNote> newestFirst = new ArrayList<>(allNotes(caseId));
        java.util.Collections.reverse(newestFirst);
        long from = Math.min((long) page * size, newestFirst.size());
        long to = Math.min(from + size, newestFirst.size());
        return new NotePage(newestFirst.subList((int) from, (int) to), page, size, newestFirst.size());
    }

    /**
     * Every note of the case, oldest first: its own ({@code case.note-added}) and those of cases merged into it,
     * which came whole in their {@code case.absorbed}. Ordered by when each was written, so that a merged case's
     * older notes fall in among the survivor's.
     */
    public List<CaseNote> allNotes(String caseId) {
        List<CaseNote> notes = new ArrayList<>();
        for (CaseEventData event : events(caseId)) {
            if (event instanceof CaseNoteAdded note) {
                notes.add(new CaseNote(note.noteId(), note.text(), note.author(), note.addedAt()));
            } else if (event instanceof CaseAbsorbed absorbed && absorbed.notes() != null) {
                absorbed.notes()
                        .forEach(moved ->
                                notes.add(new CaseNote(moved.noteId(), moved.text(), moved.author(), moved.addedAt())));
            }
        }
        // stable: notes of the same millisecond keep the order they were written in
        notes.sort(java.util.Comparator.comparing(CaseNote::addedAt));
        return notes;
    }

    public record NotePage(List<CaseNote> items, int page, int size, long total) {}

    public static List<CloudEvent> events(Case c, Instant time, List<? extends CaseEventData> payloads) {
        return payloads.stream().map(payload -> event(c.id(), time, payload)).toList();
    }
}
