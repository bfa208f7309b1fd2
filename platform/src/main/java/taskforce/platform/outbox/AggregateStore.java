package taskforce.platform.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.PropertyHandler;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;

/**
 * Stores one kind of aggregate document together with the events its change causes, in one atomic write per
 * change, and guards every update with the version that was read (optimistic locking).
 *
 * <p>The document class knows nothing of this: {@code version}, the outbox and the bookkeeping of the relay are
 * storage fields that this class adds. Guarded updates filter on {@code {_id, version}}, and a unique index on
 * exactly those keys lets mongo-java-server answer them from an index as a real MongoDB would.
 *
 * <p>Before a write that causes events, the aggregate is marked pending with the relay ({@link
 * OutboxRelay#markPending}); the write records the marker's stamp, so the relay can tell a marker whose write has
 * landed from one whose write is still under way (ADR 0008). Where history is kept, it lives in {@link
 * EventHistory}, outside the document: {@link #history} is what the relay has moved there followed by what is
 * still waiting in the outbox.
 */
public class AggregateStore<T> {

    public static final String VERSION = "version";
    /** Where documents written before ADR 0008 kept their history; read, never written. */
    public static final String HISTORY = "history";
    /** How many of the aggregate's events the relay has moved to its {@link EventHistory}. */
    public static final String RELAYED = "relayedEvents";
    /** The stamp of the pending marker the last write with events took (ADR 0008). */
    public static final String OUTBOX_STAMP = "outboxStamp";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final Class<T> type;
    private final String collection;
    private final boolean keepHistory;
    private final EventHistory history;

    public AggregateStore(
            MongoTemplate mongo, OutboxRelay relay, Class<T> type, String collection, boolean keepHistory) {
        this.mongo = mongo;
        this.relay = relay;
        this.type = type;
        this.collection = collection;
        this.keepHistory = keepHistory;
        this.history = keepHistory ? new EventHistory(mongo, collection) : null;
        mongo.indexOps(collection)
                .createIndex(new Index()
                        .on("_id", Sort.Direction.ASC)
                        .on(VERSION, Sort.Direction.ASC)
                        .unique());
        if (keepHistory) {
            // the relay moves events to the history guarded by how many it moved before
            mongo.indexOps(collection)
                    .createIndex(new Index()
                            .on("_id", Sort.Direction.ASC)
                            .on(RELAYED, Sort.Direction.ASC)
                            .unique());
        }
        relay.register(collection, history);
    }

    public String collection() {
        return collection;
    }

    public Optional<Versioned<T>> find(String id) {
        Document raw =
                mongo.getCollection(collection).find(new Document("_id", id)).first();
        if (raw == null) {
            return Optional.empty();
        }
        long version = ((Number) raw.getOrDefault(VERSION, 0L)).longValue();
        return Optional.of(new Versioned<>(mongo.getConverter().read(type, raw), version));
    }

    /**
     * Inserts a new aggregate at version 1 with its first events; a duplicate id fails with DuplicateKeyException.
     * Answers the aggregate as stored (read from the document written, in memory, so a caller that shows it need not
     * read it back).
     */
    public Versioned<T> insert(String id, T aggregate, List<CloudEvent> events) {
        Document doc = toDocument(aggregate);
        doc.put("_id", id);
        doc.put(VERSION, 1L);
        doc.put(OutboxRelay.FIELD, entries(events));
        if (keepHistory) {
            doc.put(RELAYED, 0L);
        }
        if (events.isEmpty()) {
            mongo.getCollection(collection).insertOne(doc);
            return stored(doc); // nothing to relay: a write without events flushes nothing (pending work is marked)
        }
        OutboxRelay.Marked marked = relay.markForWrite(collection, id);
        doc.put(OUTBOX_STAMP, marked.marker().stamp());
        mongo.getCollection(collection).insertOne(doc);
        // the document as written is what the relay would read back: handed over, it need not be read
        relay.flush(collection, id, marked.written(doc));
        return stored(doc);
    }

    private Versioned<T> stored(Document doc) {
        return new Versioned<>(mongo.getConverter().read(type, doc), 1L);
    }

    /**
     * Replaces the aggregate's fields and appends its new events, if and only if it is still at
     * {@code expectedVersion}; otherwise throws {@link OptimisticLockingFailureException}. Returns the new version.
     */
    public long update(String id, long expectedVersion, T aggregate, List<CloudEvent> events) {
        Document fields = toDocument(aggregate);
        fields.remove("_id");
        Update update = new Update();
        fields.forEach(update::set);
        // the converter leaves a null field out, and $set alone would keep what it held before (a cleared pending
        // transfer would stay in the document): a field the aggregate no longer has is removed
        for (String field : aggregateFields()) {
            if (!fields.containsKey(field)) {
                update.unset(field);
            }
        }
        update.inc(VERSION, 1);
        if (events.isEmpty()) {
            long modified = mongo.updateFirst(
                            query(where("_id").is(id).and(VERSION).is(expectedVersion)), update, collection)
                    .getModifiedCount();
            if (modified != 1) {
                throw new OptimisticLockingFailureException(
                        collection + " " + id + " is no longer at version " + expectedVersion);
            }
            return expectedVersion + 1; // nothing to relay
        }
        update.push(OutboxRelay.FIELD).each(entries(events).toArray());
        OutboxRelay.Marked marked = relay.markForWrite(collection, id);
        update.max(OUTBOX_STAMP, marked.marker().stamp());
        // the write answers its outbox as it left it, which the relay would otherwise read back
        Query guarded = query(where("_id").is(id).and(VERSION).is(expectedVersion));
        guarded.fields().include(OutboxRelay.FIELD).include(RELAYED).include(OUTBOX_STAMP);
        Document written = mongo.findAndModify(
                guarded, update, FindAndModifyOptions.options().returnNew(true), Document.class, collection);
        if (written == null) {
            throw new OptimisticLockingFailureException(
                    collection + " " + id + " is no longer at version " + expectedVersion);
        }
        relay.flush(collection, id, marked.written(written));
        return expectedVersion + 1;
    }

    /** The document fields the aggregate's type maps to, as the converter names them. */
    private List<String> aggregateFields() {
        List<String> names = new ArrayList<>();
        mongo.getConverter()
                .getMappingContext()
                .getRequiredPersistentEntity(type)
                .doWithProperties((PropertyHandler<MongoPersistentProperty>) property -> {
                    if (!property.isIdProperty()) {
                        names.add(property.getFieldName());
                    }
                });
        return names;
    }

    /**
     * Every event the aggregate has caused, oldest first (only where history is kept): those the relay has moved
     * to the history, then those still waiting in the outbox.
     */
    public List<CloudEvent> history(String id) {
        Document raw = mongo.getCollection(collection)
                .find(new Document("_id", id))
                .projection(new Document(HISTORY, 1).append(RELAYED, 1).append(OutboxRelay.FIELD, 1))
                .first();
        if (raw == null || !keepHistory) {
            return List.of();
        }
        long relayed = ((Number) raw.getOrDefault(RELAYED, 0L)).longValue();
        List<String> stored = new ArrayList<>(raw.getList(HISTORY, String.class, List.of()));
        stored.addAll(history.read(id, 0, relayed));
        raw.getList(OutboxRelay.FIELD, Document.class, List.of())
                .forEach(entry -> stored.add(entry.getString("event")));
        // a document from before ADR 0008 lists its pending events in both its old history and its outbox
        Map<String, CloudEvent> byId = new LinkedHashMap<>();
        stored.stream().map(EventCodec.instance()::read).forEach(event -> byId.putIfAbsent(event.id(), event));
        return List.copyOf(byId.values());
    }

    /**
     * A page of the aggregate's history: at most {@code size} events from number {@code from} (0 is the first),
     * reading only the history buckets that hold them.
     */
    public List<CloudEvent> history(String id, long from, int size) {
        Document raw = mongo.getCollection(collection)
                .find(new Document("_id", id))
                .projection(new Document(HISTORY, 1).append(RELAYED, 1).append(OutboxRelay.FIELD, 1))
                .first();
        if (raw == null || !keepHistory || size <= 0 || from < 0) {
            return List.of();
        }
        if (raw.containsKey(HISTORY)) {
            // written before ADR 0008: its old history and its new one overlap, so page the whole
            List<CloudEvent> all = history(id);
            return all.subList((int) Math.min(from, all.size()), (int) Math.min(from + size, all.size()));
        }
        long relayed = ((Number) raw.getOrDefault(RELAYED, 0L)).longValue();
        long to = from + size;
        List<String> page = new ArrayList<>(history.read(id, from, Math.min(to, relayed)));
        List<Document> pending = raw.getList(OutboxRelay.FIELD, Document.class, List.of());
        for (long number = Math.max(from, relayed); number < to && number - relayed < pending.size(); number++) {
            page.add(pending.get((int) (number - relayed)).getString("event"));
        }
        return page.stream().map(EventCodec.instance()::read).toList();
    }

    private Document toDocument(T aggregate) {
        Document doc = new Document();
        mongo.getConverter().write(aggregate, doc);
        doc.remove("_class");
        doc.remove(VERSION);
        doc.remove(OutboxRelay.FIELD);
        doc.remove(HISTORY);
        doc.remove(RELAYED);
        doc.remove(OUTBOX_STAMP);
        return doc;
    }

    private List<Document> entries(List<CloudEvent> events) {
        return events.stream()
                .map(OutboxEntry::of)
                .map(entry -> {
                    Document doc = new Document();
                    mongo.getConverter().write(entry, doc);
                    doc.remove("_class");
                    return doc;
                })
                .toList();
    }

    public record Versioned<T>(T value, long version) {}
}
