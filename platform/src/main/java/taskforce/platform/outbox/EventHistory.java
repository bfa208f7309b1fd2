package taskforce.platform.outbox;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The events an aggregate has caused, kept outside its document in {@code <collection>_events}, in buckets of
 * {@value #BUCKET_SIZE} events with {@code _id = aggregateId|bucket} (bucket zero-padded), each event under its
 * sequence number. So the aggregate document stays the same size however long its history grows, a write costs
 * the same for the first event and the ten-thousandth, and every read goes by exact {@code _id}s.
 *
 * <p>Appending sets each event under its sequence number, so appending the same events again (a relay that
 * crashed before it could record its progress) changes nothing.
 */
public class EventHistory {

    public static final int BUCKET_SIZE = 100;
    static final String EVENTS = "events";

    private final MongoTemplate mongo;
    private final String collection;

    public EventHistory(MongoTemplate mongo, String aggregateCollection) {
        this.mongo = mongo;
        this.collection = aggregateCollection + "_events";
    }

    public String collection() {
        return collection;
    }

    /** Stores {@code events} as numbers {@code firstSequence}, {@code firstSequence + 1}, … of the aggregate. */
    public void append(String aggregateId, long firstSequence, List<String> events) {
        Map<Long, Document> setsByBucket = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            long sequence = firstSequence + i;
            setsByBucket
                    .computeIfAbsent(sequence / BUCKET_SIZE, bucket -> new Document())
                    .append(EVENTS + "." + sequenceKey(sequence), events.get(i));
        }
        setsByBucket.forEach((bucket, sets) -> events().updateOne(
                        new Document("_id", bucketId(aggregateId, bucket)),
                        new Document("$set", sets)
                                .append(
                                        "$setOnInsert",
                                        new Document("aggregateId", aggregateId).append("bucket", bucket)),
                        new UpdateOptions().upsert(true)));
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive) of the aggregate, oldest first, as stored JSON. */
    public List<String> read(String aggregateId, long from, long to) {
        if (to <= from) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (long bucket = from / BUCKET_SIZE; bucket <= (to - 1) / BUCKET_SIZE; bucket++) {
            ids.add(bucketId(aggregateId, bucket));
        }
        TreeMap<Long, String> bySequence = new TreeMap<>();
        events().find(in("_id", ids)).forEach(bucket -> {
            Document stored = bucket.get(EVENTS, Document.class);
            if (stored != null) {
                stored.forEach((key, json) -> {
                    long sequence = Long.parseLong(key);
                    if (sequence >= from && sequence < to) {
                        bySequence.put(sequence, (String) json);
                    }
                });
            }
        });
        return new ArrayList<>(bySequence.values());
    }

    private MongoCollection<Document> events() {
        return mongo.getCollection(collection);
    }

    static String bucketId(String aggregateId, long bucket) {
        return aggregateId + "|" + String.format("%08d", bucket);
    }

    private static String sequenceKey(long sequence) {
        return String.format("%010d", sequence);
    }
}
