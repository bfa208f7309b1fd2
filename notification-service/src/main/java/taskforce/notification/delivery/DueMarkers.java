package taskforce.notification.delivery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * Which deliveries fall due in which second ({@code due_markers}, {@code _id} = {@code s:} + the zero-padded epoch
 * second, {@code ids} the delivery ids), so that finding what is due reads the seconds that have come since the
 * last look by {@code _id}, in proportion to what is due, never the pending entries by their time.
 *
 * <p>A marker is written before the pending entry's time it announces, so a crash leaves at most a marker whose
 * entry says another time (read, found not due, passed over), never an entry without a marker. A second's marker
 * is removed only once it lies {@link #GRACE} in the past and every entry it named was offered for a claim, so a
 * writer whose clock is somewhat behind still writes into a second that is read again. The shared {@code cursor}
 * says from which second to read: the oldest not yet removed.
 */
@Repository
class DueMarkers {

    static final String COLLECTION = "due_markers";
    static final Duration GRACE = Duration.ofSeconds(30);

    /** At most this many seconds a round, so that a sweeper that was away catches up in steps. */
    static final long MAX_SECONDS_PER_ROUND = 600;

    private static final String CURSOR = "cursor";
    private static final String IDS = "ids";

    /** The ids marked in the seconds from {@code from} to {@code to}, both included. */
    record Window(long from, long to, List<String> ids) {}

    private final MongoTemplate mongo;

    DueMarkers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Whether due markers have been read at all in this store; before that, pending entries carry no markers. */
    boolean started() {
        return collection().find(Filters.eq("_id", CURSOR)).first() != null;
    }

    /** Starts reading from {@link #GRACE} before {@code now}. */
    void start(Instant now) {
        collection()
                .updateOne(
                        Filters.eq("_id", CURSOR),
                        new Document("$setOnInsert", new Document("from", now.getEpochSecond() - GRACE.toSeconds())),
                        new UpdateOptions().upsert(true));
    }

    void mark(String deliveryId, Instant at) {
        collection()
                .updateOne(
                        Filters.eq("_id", secondId(at.getEpochSecond())),
                        new Document("$addToSet", new Document(IDS, deliveryId)),
                        new UpdateOptions().upsert(true));
    }

    /** The seconds from the cursor (or {@link #GRACE} ago, the first time) up to now, at most a round's worth. */
    Window window(Instant now) {
        long nowSecond = now.getEpochSecond();
        Document cursor = collection().find(Filters.eq("_id", CURSOR)).first();
        long from = cursor == null ? nowSecond - GRACE.toSeconds() : ((Number) cursor.get("from")).longValue();
        long to = Math.min(nowSecond, from + MAX_SECONDS_PER_ROUND);
        List<String> seconds = new ArrayList<>();
        for (long second = from; second <= to; second++) {
            seconds.add(secondId(second));
        }
        Set<String> ids = new LinkedHashSet<>();
        if (!seconds.isEmpty()) {
            collection()
                    .find(Filters.in("_id", seconds))
                    .forEach(marker -> ids.addAll(marker.getList(IDS, String.class, List.of())));
        }
        return new Window(from, to, new ArrayList<>(ids));
    }

    /**
     * Every entry the window named was offered for a claim: the seconds of it older than {@link #GRACE} are done
     * with, and the cursor moves past them.
     */
    void sweptThrough(Window window, Instant now) {
        long doneUpTo = Math.min(window.to(), now.getEpochSecond() - GRACE.toSeconds());
        if (doneUpTo < window.from()) {
            return;
        }
        collection()
                .updateOne(
                        Filters.eq("_id", CURSOR),
                        new Document("$max", new Document("from", doneUpTo + 1)),
                        new UpdateOptions().upsert(true));
        List<String> seconds = new ArrayList<>();
        for (long second = window.from(); second <= doneUpTo; second++) {
            seconds.add(secondId(second));
        }
        collection().deleteMany(Filters.in("_id", seconds));
    }

    static String secondId(long epochSecond) {
        return "s:" + String.format("%012d", epochSecond);
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
