package taskforce.platform.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An index from a key to the set of values filed under it, kept in buckets of at most {@value #BUCKET_SIZE} values
 * so that no document approaches MongoDB's 16 MB however common the key (a shared phone, a common name and year).
 * The head {@code _id = key} records the last bucket opened ({@code last}); the buckets are {@code _id =
 * key|bucket}. Every read and write goes by exact {@code _id}s.
 *
 * <p>A value goes into the last bucket by a conditional upsert that matches only while the bucket has room; a full
 * bucket makes the upsert collide on {@code _id}, and the value moves to the next, whose number is raised in the
 * head first, so a reader never misses a bucket written before it read the head. A value filed before a read began
 * is in a bucket the head names by then, so of two values filed at the same moment, each then read, the one filed
 * second is read with the first.
 *
 * <p>A head may hold values in {@code field} too (written before buckets existed, or by {@link #addToHead} for a key
 * with few values); they are read with the rest.
 *
 * <p>Every bucket but the last is full (a value moves on only when its bucket is), so a key's values can also be
 * paged newest first from the head, the last bucket and the buckets the page spans ({@link #page}).
 */
public class BucketedIndex {

    public static final int BUCKET_SIZE = 500;
    private static final String LAST = "last";

    private final MongoTemplate mongo;
    private final String collection;
    private final String field;

    /** One page of the values filed under a key, newest first, and how many the key holds in all. */
    public record Page<T>(List<T> values, long total) {}

    public BucketedIndex(MongoTemplate mongo, String collection, String field) {
        this.mongo = mongo;
        this.collection = collection;
        this.field = field;
    }

    /** Files {@code value} under {@code key}; answers whether it was new to the bucket it went into. */
    public boolean add(String key, Object value) {
        Document head = collection().find(Filters.eq("_id", key)).first();
        return add(
                key, value, head == null || head.get(LAST) == null ? NO_HEAD : ((Number) head.get(LAST)).longValue());
    }

    /**
     * Files {@code value} in the head of {@code key} itself, by one upsert by {@code _id} and no read: for a key that
     * holds a few values over its whole life (a set of task forces, the months filed), never more than a bucket's
     * worth. The head's values are read with the buckets' ({@link #read}), and removed with them.
     */
    public void addToHead(String key, Object value) {
        collection()
                .updateOne(
                        Filters.eq("_id", key),
                        new Document("$addToSet", new Document(field, value)),
                        new UpdateOptions().upsert(true));
    }

    /** What {@link #read(String, Class, Map)} passes to a later add when the key had no bucket yet. */
    public static final long NO_HEAD = -1;

    /**
     * Files {@code value} under {@code key} from the last bucket a read of the same caller found ({@link #read(String,
     * Class, Map)}), without reading the head again. A head is only ever raised, and a full bucket sends the value
     * on to the next (raising the head first), so a last bucket read a moment ago is a safe place to start: at worst
     * the value walks up to the bucket a later filing opened.
     */
    public boolean add(String key, Object value, long lastFound) {
        long bucket;
        if (lastFound == NO_HEAD) {
            bucket = 0;
            raiseLast(key, 0);
        } else {
            bucket = lastFound;
        }
        return addFrom(key, value, bucket) > 0;
    }

    /**
     * Files {@code value} under {@code key} and reads back everything filed there, the head read after the filing as
     * {@link #read} reads it, in one read by {@code _id} of the head and the buckets up to the one the value went
     * into (more only when the head names a later one): what a lookup that files before it reads needs.
     */
    public <T> List<T> addAndRead(String key, Object value, Class<T> type) {
        Document head = collection().find(Filters.eq("_id", key)).first();
        long bucket;
        if (head == null || head.get(LAST) == null) {
            bucket = 0;
            raiseLast(key, 0);
        } else {
            bucket = ((Number) head.get(LAST)).longValue();
        }
        long filedIn = Math.abs(addFrom(key, value, bucket)) - 1;
        List<String> ids = new ArrayList<>();
        ids.add(key);
        for (long b = 0; b <= filedIn; b++) {
            ids.add(bucketId(key, b));
        }
        Map<String, Document> found = new HashMap<>();
        collection().find(Filters.in("_id", ids)).forEach(doc -> found.put(doc.getString("_id"), doc));
        Document headNow = found.get(key);
        Set<T> values = new LinkedHashSet<>();
        if (headNow != null) {
            values.addAll(headNow.getList(field, type, List.of()));
        }
        for (long b = 0; b <= filedIn; b++) {
            Document one = found.get(bucketId(key, b));
            if (one != null) {
                values.addAll(one.getList(field, type, List.of()));
            }
        }
        long last = headNow == null || headNow.get(LAST) == null ? 0 : ((Number) headNow.get(LAST)).longValue();
        if (last > filedIn) {
            // buckets opened since the value went in: read them too, as a read after the filing would
            List<String> later = new ArrayList<>();
            for (long b = filedIn + 1; b <= last; b++) {
                later.add(bucketId(key, b));
            }
            collection()
                    .find(Filters.in("_id", later))
                    .forEach(doc -> values.addAll(doc.getList(field, type, List.of())));
        }
        return new ArrayList<>(values);
    }

    /**
     * Puts the value into the first bucket from {@code bucket} on with room; answers that bucket's number plus one,
     * negated when the value was there already.
     */
    private long addFrom(String key, Object value, long bucket) {
        while (true) {
            try {
                UpdateResult result = collection()
                        .updateOne(
                                Filters.and(
                                        Filters.eq("_id", bucketId(key, bucket)),
                                        Filters.exists(field + "." + (BUCKET_SIZE - 1), false)),
                                new Document("$addToSet", new Document(field, value)),
                                new UpdateOptions().upsert(true));
                boolean added = result.getUpsertedId() != null || result.getModifiedCount() > 0;
                return added ? bucket + 1 : -(bucket + 1);
            } catch (RuntimeException e) {
                if (!DuplicateKeys.isDuplicateKey(e)) {
                    throw e;
                }
                bucket++; // this bucket is full
                raiseLast(key, bucket);
            }
        }
    }

    /** Takes {@code value} out of every bucket of {@code key} (and the head, where old values may lie). */
    public void remove(String key, Object value) {
        Document head = collection().find(Filters.eq("_id", key)).first();
        if (head == null) {
            return;
        }
        Document pull = new Document("$pull", new Document(field, value));
        collection().updateOne(Filters.eq("_id", key), pull);
        long last = head.get(LAST) == null ? -1 : ((Number) head.get(LAST)).longValue();
        for (long bucket = 0; bucket <= last; bucket++) {
            collection().updateOne(Filters.eq("_id", bucketId(key, bucket)), pull);
        }
    }

    /** Removes the key with every bucket it has: three commands by {@code _id}, however many values it held. */
    public void forget(String key) {
        Document head = collection().find(Filters.eq("_id", key)).first();
        if (head == null) {
            return;
        }
        List<String> ids = new ArrayList<>();
        long last = head.get(LAST) == null ? -1 : ((Number) head.get(LAST)).longValue();
        for (long bucket = 0; bucket <= last; bucket++) {
            ids.add(bucketId(key, bucket));
        }
        // the buckets first, the head that names them last: a crash between leaves a head to forget again
        if (!ids.isEmpty()) {
            collection().deleteMany(Filters.in("_id", ids));
        }
        collection().deleteOne(Filters.eq("_id", key));
    }

    /**
     * Takes {@code value} out of every bucket of {@code key}, as {@link #remove}, and then deletes the buckets it
     * left empty and, when none is left, the head: for an erasure, after which not even the key (which may be the
     * erased value itself, a phone or a name) remains. A value filed under the key at that very moment may be lost
     * with the head; erasure runs where the key belonged to the erased record only, or keeps it (others' values).
     */
    public void erase(String key, Object value) {
        Document head = collection().find(Filters.eq("_id", key)).first();
        if (head == null) {
            return;
        }
        remove(key, value);
        long last = head.get(LAST) == null ? -1 : ((Number) head.get(LAST)).longValue();
        long left = 0;
        for (long bucket = 0; bucket <= last; bucket++) {
            String id = bucketId(key, bucket);
            collection().deleteOne(Filters.and(Filters.eq("_id", id), Filters.size(field, 0)));
            if (collection().find(Filters.eq("_id", id)).first() != null) {
                left++;
            }
        }
        if (left == 0) {
            Document headFilter = new Document("_id", key);
            if (head.get(LAST) != null) {
                headFilter.append(LAST, head.get(LAST));
            }
            Document after = collection().find(Filters.eq("_id", key)).first();
            if (after != null && after.getList(field, Object.class, List.of()).isEmpty()) {
                collection().deleteOne(headFilter);
            }
        }
    }

    /** Everything filed under {@code key}, oldest bucket first, each value once. */
    public <T> List<T> read(String key, Class<T> type) {
        return read(key, type, new HashMap<>());
    }

    /**
     * As {@link #read(String, Class)}, noting in {@code lastFound} the last bucket the head named ({@link #NO_HEAD}
     * if none), for a later {@link #add(String, Object, long)} of the same caller to start from.
     */
    public <T> List<T> read(String key, Class<T> type, Map<String, Long> lastFound) {
        Document head = collection().find(Filters.eq("_id", key)).first();
        lastFound.put(key, head == null || head.get(LAST) == null ? NO_HEAD : ((Number) head.get(LAST)).longValue());
        if (head == null) {
            return List.of();
        }
        Set<T> values = new LinkedHashSet<>(head.getList(field, type, List.of()));
        if (head.get(LAST) != null) {
            values.addAll(readBuckets(key, ((Number) head.get(LAST)).longValue(), type));
        }
        return new ArrayList<>(values);
    }

    /** Whether anything was ever filed under {@code key}. */
    public boolean knows(String key) {
        return collection().find(Filters.eq("_id", key)).first() != null;
    }

    /**
     * The values filed under {@code key} from the {@code offset}-th newest on, at most {@code size} of them, newest
     * first: reads the head, the last bucket, and at most the two buckets the page spans. Meant for keys whose
     * values are filed once each and only since buckets existed (a log of ids): a value filed again after its
     * bucket filled, or held in a head from before buckets, is not counted as {@link #read} counts it.
     */
    public <T> Page<T> page(String key, int offset, int size, Class<T> type) {
        Document head = collection().find(Filters.eq("_id", key)).first();
        if (head == null || head.get(LAST) == null) {
            return new Page<>(List.of(), 0);
        }
        long last = ((Number) head.get(LAST)).longValue();
        Map<Long, List<T>> buckets = new HashMap<>(readNumberedBuckets(key, List.of(last), type));
        // a bucket raised in the head but not written yet (its writer is under way) counts as empty
        long total = last * BUCKET_SIZE + buckets.getOrDefault(last, List.of()).size();
        long newest = total - 1 - offset;
        if (newest < 0) {
            return new Page<>(List.of(), total);
        }
        long oldest = Math.max(0, newest - size + 1);
        List<Long> needed = new ArrayList<>();
        for (long bucket = oldest / BUCKET_SIZE; bucket <= newest / BUCKET_SIZE; bucket++) {
            if (!buckets.containsKey(bucket)) {
                needed.add(bucket);
            }
        }
        buckets.putAll(readNumberedBuckets(key, needed, type));
        List<T> values = new ArrayList<>();
        for (long position = newest; position >= oldest; position--) {
            List<T> bucket = buckets.getOrDefault(position / BUCKET_SIZE, List.of());
            int within = (int) (position % BUCKET_SIZE);
            if (within < bucket.size()) {
                values.add(bucket.get(within));
            }
        }
        return new Page<>(values, total);
    }

    private <T> Map<Long, List<T>> readNumberedBuckets(String key, List<Long> buckets, Class<T> type) {
        Map<Long, List<T>> found = new HashMap<>();
        if (buckets.isEmpty()) {
            return found;
        }
        Map<String, Long> byId = new HashMap<>();
        buckets.forEach(bucket -> byId.put(bucketId(key, bucket), bucket));
        collection()
                .find(Filters.in("_id", byId.keySet()))
                .forEach(
                        bucket -> found.put(byId.get(bucket.getString("_id")), bucket.getList(field, type, List.of())));
        return found;
    }

    /**
     * Everything filed under any of {@code keys}, each value once: two reads by {@code _id} in all (the heads, then
     * their buckets), however many keys, for a lookup that tries many keys at once (a search).
     */
    public <T> Set<T> readAll(Collection<String> keys, Class<T> type) {
        Set<T> values = new LinkedHashSet<>();
        if (keys.isEmpty()) {
            return values;
        }
        List<String> bucketIds = new ArrayList<>();
        collection().find(Filters.in("_id", keys)).forEach(head -> {
            values.addAll(head.getList(field, type, List.of()));
            if (head.get(LAST) != null) {
                long last = ((Number) head.get(LAST)).longValue();
                for (long bucket = 0; bucket <= last; bucket++) {
                    bucketIds.add(bucketId(head.getString("_id"), bucket));
                }
            }
        });
        if (!bucketIds.isEmpty()) {
            collection()
                    .find(Filters.in("_id", bucketIds))
                    .forEach(bucket -> values.addAll(bucket.getList(field, type, List.of())));
        }
        return values;
    }

    private <T> List<T> readBuckets(String key, long lastBucket, Class<T> type) {
        List<String> ids = new ArrayList<>();
        for (long bucket = 0; bucket <= lastBucket; bucket++) {
            ids.add(bucketId(key, bucket));
        }
        // zero-padded bucket numbers sort as the buckets were opened
        TreeMap<String, List<T>> byBucket = new TreeMap<>();
        collection()
                .find(Filters.in("_id", ids))
                .forEach(found -> byBucket.put(found.getString("_id"), found.getList(field, type, List.of())));
        List<T> values = new ArrayList<>();
        byBucket.values().forEach(values::addAll);
        return values;
    }

    private void raiseLast(String key, long bucket) {
        collection()
                .updateOne(
                        Filters.eq("_id", key),
                        new Document("$max", new Document(LAST, bucket)),
                        new UpdateOptions().upsert(true));
    }

    static String bucketId(String key, long bucket) {
        return key + "|" + String.format("%08d", bucket);
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(collection);
    }
}
