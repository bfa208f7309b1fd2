package taskforce.platform.retention;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.platform.lease.Leases;

/**
 * Makes records expire a set time after a timestamp field: a TTL index, with which a real MongoDB removes them
 * by itself, and a pruning job for the in-process store, where TTL indexes are accepted but inert.
 *
 * <p>Each run deletes one bounded range, from where the last run stopped to the current cut-off, under the lease
 * {@code prune:<collection>} so that of several instances only one prunes a collection at a time; the lease keeps
 * how far it came. A record is kept at least its retention, and removed at most one pruning interval later.
 */
public class Retention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final MongoTemplate mongo;
    private final Leases leases;
    private final Clock clock;
    private final Duration interval;
    private final String owner;
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService pruner;

    record Rule(String collection, String timeField, Duration keep) {}

    public Retention(MongoTemplate mongo, Leases leases, Clock clock, Duration interval, String owner) {
        this.mongo = mongo;
        this.leases = leases;
        this.clock = clock;
        this.interval = interval;
        this.owner = owner;
    }

    /** Keeps the records of {@code collection} for {@code keep} after the instant in {@code timeField}. */
    public void expire(String collection, String timeField, Duration keep) {
        rules.put(collection, new Rule(collection, timeField, keep));
        try {
            mongo.getCollection(collection)
                    .createIndex(
                            Indexes.ascending(timeField),
                            new IndexOptions().expireAfter(keep.toSeconds(), TimeUnit.SECONDS));
        } catch (RuntimeException e) {
            // an index of another retention exists: change it with collMod; pruning applies the new one meanwhile
            log.warn("could not declare the TTL index of {}.{}: {}", collection, timeField, e.toString());
        }
    }

    /** Prunes every collection whose lease this instance gets; returns how many records it removed. */
    public long prune() {
        long removed = 0;
        for (Rule rule : rules.values()) {
            removed += prune(rule);
        }
        return removed;
    }

    private long prune(Rule rule) {
        Optional<Leases.Lease> lease = leases.tryAcquire("prune:" + rule.collection(), owner, interval.plus(interval));
        if (lease.isEmpty()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(rule.keep());
        Date from = lease.get().progress().map(Date.class::cast).orElse(new Date(0));
        if (!from.before(Date.from(cutoff))) {
            return 0;
        }
        long removed = mongo.getCollection(rule.collection())
                .deleteMany(new Document(rule.timeField(), new Document("$gte", from).append("$lt", Date.from(cutoff))))
                .getDeletedCount();
        leases.recordProgress(lease.get(), Date.from(cutoff));
        return removed;
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention-pruner");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        prune();
                    } catch (RuntimeException e) {
                        log.warn("pruning failed; next run in {}: {}", interval, e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        pruner = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = pruner;
        pruner = null;
        if (current != null) {
            current.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return pruner != null;
    }
}
