package taskforce.platform.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;

/**
 * Stores one kind of aggregate document together with the events its change causes, in one atomic write per
 * change, and guards every update with the version that was read (optimistic locking).
 *
 * <p>The document class knows nothing of this: {@code version}, the outbox and, where kept, the history of
 * events are storage fields that this class adds. Guarded updates filter on {@code {_id, version}}, and a unique
 * index on exactly those keys lets mongo-java-server answer them from an index as a real MongoDB would.
 */
public class AggregateStore<T> {

    public static final String VERSION = "version";
    public static final String HISTORY = "history";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final Class<T> type;
    private final String collection;
    private final boolean keepHistory;

    public AggregateStore(
            MongoTemplate mongo, OutboxRelay relay, Class<T> type, String collection, boolean keepHistory) {
        this.mongo = mongo;
        this.relay = relay;
        this.type = type;
        this.collection = collection;
        this.keepHistory = keepHistory;
        mongo.indexOps(collection)
                .createIndex(new Index()
                        .on("_id", Sort.Direction.ASC)
                        .on(VERSION, Sort.Direction.ASC)
                        .unique());
        relay.register(collection);
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

    /** Inserts a new aggregate at version 1 with its first events; a duplicate id fails with DuplicateKeyException. */
    public void insert(String id, T aggregate, List<CloudEvent> events) {
        Document doc = toDocument(aggregate);
        doc.put("_id", id);
        doc.put(VERSION, 1L);
        doc.put(OutboxRelay.FIELD, entries(events));
        if (keepHistory) {
            doc.put(HISTORY, history(events));
        }
        mongo.getCollection(collection).insertOne(doc);
        relay.flush(collection, id);
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
        update.inc(VERSION, 1);
        if (!events.isEmpty()) {
            update.push(OutboxRelay.FIELD).each(entries(events).toArray());
            if (keepHistory) {
                update.push(HISTORY).each(history(events).toArray());
            }
        }
        long modified = mongo.updateFirst(
                        query(where("_id").is(id).and(VERSION).is(expectedVersion)), update, collection)
                .getModifiedCount();
        if (modified != 1) {
            throw new OptimisticLockingFailureException(
                    collection + " " + id + " is no longer at version " + expectedVersion);
        }
        relay.flush(collection, id);
        return expectedVersion + 1;
    }

    /** Every event the aggregate has caused, oldest first (only where history is kept). */
    public List<CloudEvent> history(String id) {
        Document raw = mongo.getCollection(collection)
                .find(new Document("_id", id))
                .projection(new Document(HISTORY, 1))
                .first();
        if (raw == null) {
            return List.of();
        }
        return raw.getList(HISTORY, String.class, List.of()).stream()
                .map(EventCodec.instance()::read)
                .toList();
    }

    private Document toDocument(T aggregate) {
        Document doc = new Document();
        mongo.getConverter().write(aggregate, doc);
        doc.remove("_class");
        doc.remove(VERSION);
        doc.remove(OutboxRelay.FIELD);
        doc.remove(HISTORY);
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

    private static List<String> history(List<CloudEvent> events) {
        return events.stream().map(EventCodec.instance()::write).toList();
    }

    public record Versioned<T>(T value, long version) {}
}
