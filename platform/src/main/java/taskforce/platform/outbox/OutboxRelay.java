package taskforce.platform.outbox;

import static com.mongodb.client.model.Projections.include;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import taskforce.contracts.CloudEvent;
import taskforce.platform.lease.Leases;

/**
 * Moves outbox entries from aggregate documents to Kafka, then to the aggregate's history where one is kept, then
 * removes them from the document (ADR 0008).
 *
 * <p>A write asks for its aggregate to be flushed at once, so events leave within milliseconds; a sweep reads the
 * pending markers ({@link PendingMarkers}) to find whatever a crash or an outage left behind, never the aggregates
 * themselves, and runs on one instance at a time (lease {@value #SWEEP_LEASE}). Several workers relay different
 * aggregates at once; one aggregate is worked by one worker of one instance at a time (an in-process guard and the
 * marker's lease), its entries all sent before their acknowledgements are awaited together. The idempotent
 * producer keeps them in order on the aggregate's partition. A crash between send and removal sends an entry
 * again: the transport is at-least-once, and consumers drop repeats by event id.
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String FIELD = "outbox";
    public static final String SWEEP_LEASE = "outbox-sweep";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int SWEEP_BATCH = 1000;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final Duration sweepInterval;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int workers;
    private final Duration leaseDuration;
    /** After this long, a marker whose write never landed (a failed or abandoned write) is removed. */
    private final Duration abandonedAfter;

    private final String relayId = UUID.randomUUID().toString();
    private final PendingMarkers markers;
    private final Leases leases;
    private final Map<String, Optional<EventHistory>> collections = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    /** Flushes asked for per aggregate while one is being relayed; the worker runs again until none came. */
    private final Map<String, AtomicInteger> requested = new ConcurrentHashMap<>();
    /** What the last write of each aggregate handed over and no round has taken yet ({@link Written}). */
    private final Map<String, Written> handedOver = new ConcurrentHashMap<>();
    /**
     * Per aggregate, how many times this relay has taken entries out of its outbox: a write that saw another
     * number when it marked may have handed over entries that are gone already, so its outbox is read instead.
     */
    private final Map<String, Long> pulls = recent();

    private final java.util.Set<String> adopted = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService pool;
    private volatile ScheduledExecutorService sweeper;

    /** A relay with the default workers (4) and abandon time (60 s); its leases and markers go by the given clock. */
    public OutboxRelay(
            MongoTemplate mongo,
            KafkaTemplate<String, String> kafka,
            Duration sweepInterval,
            MeterRegistry meters,
            Clock clock) {
        this(mongo, kafka, sweepInterval, meters, clock, 4, Duration.ofSeconds(60));
    }

    public OutboxRelay(
            MongoTemplate mongo,
            KafkaTemplate<String, String> kafka,
            Duration sweepInterval,
            MeterRegistry meters,
            Clock clock,
            int workers,
            Duration abandonedAfter) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.sweepInterval = sweepInterval;
        this.meters = meters;
        this.clock = clock;
        this.workers = workers;
        // longer than a relay round takes, short enough that another instance soon takes over after a crash
        this.leaseDuration = ACK_TIMEOUT.multipliedBy(3);
        this.abandonedAfter = abandonedAfter;
        this.markers = new PendingMarkers(mongo, clock);
        this.leases = new Leases(mongo, clock);
    }

    /** Adds a collection without a history to the relay; see {@link #register(String, EventHistory)}. */
    public void register(String collection) {
        register(collection, null);
    }

    /**
     * Adds a collection to the relay, with the history its relayed events move to (or null), and to the gauge
     * {@code taskforce.outbox.backlog}: the aggregates the last sweep found marked pending. Writes flush at once,
     * so anything above zero for more than a sweep means Kafka is not taking events.
     */
    public void register(String collection, EventHistory history) {
        collections.put(collection, Optional.ofNullable(history));
        backlog.computeIfAbsent(collection, name -> {
            AtomicLong waiting = new AtomicLong();
            Gauge.builder("taskforce.outbox.backlog", waiting, AtomicLong::get)
                    .description("aggregates the last sweep found with events not yet relayed")
                    .tag("collection", name)
                    .register(meters);
            return waiting;
        });
    }

    /** Marks an aggregate as having events pending; called before the write that adds them. */
    public long markPending(String collection, String aggregateId) {
        return markers.mark(collection, aggregateId, relayId, leaseDuration);
    }

    /** As {@link #markPending}, answering the marker as marked, for the write to hand over with {@link Written}. */
    Marked markForWrite(String collection, String aggregateId) {
        long pullsSeen = pulls.computeIfAbsent(PendingMarkers.id(collection, aggregateId), key -> 0L);
        return new Marked(markers.markAndRead(collection, aggregateId, relayId, leaseDuration), pullsSeen);
    }

    /** A marker as a write's mark left it, and how often this relay had emptied the outbox before. */
    record Marked(PendingMarkers.Marker marker, long pullsSeen) {

        Written written(Document outbox) {
            return new Written(marker, pullsSeen, outbox);
        }
    }

    /**
     * A map of the aggregates touched most recently, bounded: a hand-over is taken within milliseconds of its write,
     * long before ten thousand other aggregates could push its own out.
     */
    private static Map<String, Long> recent() {
        return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > 10_000;
            }
        });
    }

    /**
     * What a write that caused events knows right after it landed: its marker as its mark left it, and the
     * aggregate's outbox as the write left it ({@code _id}, {@value #FIELD}, {@value AggregateStore#RELAYED},
     * {@value AggregateStore#OUTBOX_STAMP}: the document inserted, or the one an update answered). The relay's first
     * round on the aggregate starts from it instead of reading both back when nothing can have been relayed since:
     * the marker is under this relay's lease with time to spare, and this relay has not taken entries out of the
     * aggregate's outbox since the write marked it ({@code pullsSeen}, counted per aggregate). Otherwise it reads
     * both, as after any other flush.
     */
    public record Written(PendingMarkers.Marker marker, long pullsSeen, Document outbox) {}

    /** The identity under which this relay takes leases. */
    public String relayId() {
        return relayId;
    }

    /** Asks for the outbox of one aggregate to be relayed soon, without waiting for it. */
    public void flush(String collection, Object aggregateId) {
        flush(collection, aggregateId, null);
    }

    /** As {@link #flush(String, Object)}, handing over what the write knows, so the relay need not read it back. */
    public void flush(String collection, Object aggregateId, Written written) {
        ExecutorService current = pool;
        if (current == null) {
            return; // not started yet or stopping: the sweep after start picks it up
        }
        String key = PendingMarkers.id(collection, aggregateId.toString());
        if (written != null) {
            // of two writes handed over before a round took either, the later one's outbox holds the earlier's
            handedOver.merge(
                    key,
                    written,
                    (before, after) -> after.marker().stamp() >= before.marker().stamp() ? after : before);
        }
        boolean first = requested
                        .compute(key, (k, count) -> {
                            if (count == null) {
                                return new AtomicInteger(1);
                            }
                            count.incrementAndGet();
                            return count;
                        })
                        .get()
                == 1;
        if (!first) {
            return; // the worker on it runs once more
        }
        try {
            current.execute(() -> work(key, collection, aggregateId.toString()));
        } catch (RejectedExecutionException stopping) {
            requested.remove(key);
            handedOver.remove(key);
            log.debug("relay stopping; {} {} waits for the next sweep", collection, aggregateId);
        }
    }

    private void work(String key, String collection, String aggregateId) {
        boolean done = false;
        try {
            while (!done) {
                int seen = requested.get(key).get();
                relay(collection, aggregateId);
                done = requested.computeIfPresent(key, (k, count) -> count.get() == seen ? null : count) == null;
            }
        } finally {
            if (!done) {
                requested.remove(key); // so the next flush or sweep schedules the aggregate again
            }
        }
    }

    /**
     * Relays every marked aggregate, at most {@value #SWEEP_BATCH} at a time, if this instance holds the sweep
     * lease; also what the periodic sweep runs. Waits for nothing: the workers relay what it hands them.
     */
    public void sweep() {
        if (leases.tryAcquire(SWEEP_LEASE, relayId, sweepInterval.multipliedBy(3))
                .isEmpty()) {
            return;
        }
        adoptOutboxesWrittenBeforeMarkers();
        List<PendingMarkers.Marker> pending = markers.list(SWEEP_BATCH);
        Map<String, Long> perCollection = new HashMap<>();
        pending.forEach(marker -> perCollection.merge(marker.collection(), 1L, Long::sum));
        backlog.forEach((collection, waiting) -> waiting.set(perCollection.getOrDefault(collection, 0L)));
        // a marker touched moments ago belongs to a write whose own flush is on its way
        java.time.Instant settled = clock.instant().minus(sweepInterval);
        for (PendingMarkers.Marker marker : pending) {
            if (collections.containsKey(marker.collection())
                    && marker.touchedAt().isBefore(settled)) {
                flush(marker.collection(), marker.aggregateId());
            }
        }
    }

    /**
     * Marks every aggregate that still has entries from before there were markers, once per collection (across
     * instances: the lease records that it was done). The only scan the relay makes, and only once per store.
     */
    private void adoptOutboxesWrittenBeforeMarkers() {
        for (String collection : collections.keySet()) {
            if (adopted.contains(collection)) {
                continue;
            }
            Optional<Leases.Lease> lease =
                    leases.tryAcquire("outbox-adopt:" + collection, relayId, Duration.ofMinutes(5));
            if (lease.isEmpty()) {
                continue;
            }
            if (!"done".equals(lease.get().progress().orElse(null))) {
                mongo.getCollection(collection)
                        .find(new Document(FIELD + ".0", new Document("$exists", true)))
                        .projection(include("_id"))
                        .forEach(doc -> markPending(collection, doc.get("_id").toString()));
                leases.recordProgress(lease.get(), "done");
            }
            adopted.add(collection);
        }
    }

    /** Relays one aggregate's outbox now, on the calling thread: what a flush does on a worker. */
    public void relayNow(String collection, String aggregateId) {
        relay(collection, aggregateId);
    }

    /** The write handed over for the aggregate, if it can stand for reading the marker and the outbox back. */
    private Written takeHandedOver(String key) {
        Written written = handedOver.remove(key);
        if (written == null) {
            return null;
        }
        PendingMarkers.Marker marker = written.marker();
        boolean leasedWithTimeToSpare = relayId.equals(marker.owner())
                && marker.until().isAfter(clock.instant().plus(leaseDuration.dividedBy(2)));
        boolean nothingTakenOutSince = Long.valueOf(written.pullsSeen()).equals(pulls.get(key));
        return leasedWithTimeToSpare && nothingTakenOutSince ? written : null;
    }

    /** Relays one aggregate's outbox under its marker's lease until its marker can be removed or must wait. */
    private void relay(String collection, String aggregateId) {
        String key = PendingMarkers.id(collection, aggregateId);
        PendingMarkers.Marker held = null;
        try {
            Written written = takeHandedOver(key);
            for (int round = 0; round < 10; round++) {
                Document doc;
                if (round == 0 && written != null) {
                    held = written.marker(); // as the write left it: under this relay's lease, its outbox in hand
                    doc = written.outbox();
                } else {
                    PendingMarkers.Marker marker = markers.find(collection, aggregateId);
                    if (marker == null) {
                        return;
                    }
                    held = markers.claim(marker, relayId, leaseDuration);
                    if (held == null) {
                        return; // another relay works it; it loops until the marker is gone
                    }
                    doc = mongo.getCollection(collection)
                            .find(new Document("_id", aggregateId))
                            .projection(include(FIELD, AggregateStore.RELAYED, AggregateStore.OUTBOX_STAMP))
                            .first();
                }
                long landedStamp =
                        doc == null ? 0 : ((Number) doc.getOrDefault(AggregateStore.OUTBOX_STAMP, 0L)).longValue();
                List<Document> pending = doc == null ? List.of() : doc.getList(FIELD, Document.class, List.of());
                if (!pending.isEmpty()) {
                    send(collection, doc, pending);
                    // a write marked before now may have handed over some of the entries just taken out
                    pulls.merge(key, 1L, Long::sum);
                }
                if (landedStamp < held.stamp()) {
                    // a write is under way (its own flush follows) or failed; a failed one's marker is removed late
                    if (held.touchedAt().plus(abandonedAfter).isBefore(clock.instant())
                            && markers.removeIfUnchanged(held)) {
                        held = null;
                    }
                    return;
                }
                if (markers.removeIfUnchanged(held)) {
                    held = null;
                    return;
                }
                // marked again since we read it: another write added events; relay those too
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not relay outbox of {} {}; the sweep retries: {}", collection, aggregateId, e.toString());
        } finally {
            if (held != null) {
                try {
                    markers.release(held);
                } catch (RuntimeException e) {
                    log.debug("could not release {}; its lease lapses by itself", held.id());
                }
            }
        }
    }

    /** Sends every entry, awaits the acknowledgements together, then moves them out of the outbox. */
    private void send(String collection, Document doc, List<Document> pending) throws Exception {
        List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>();
        for (Document entry : pending) {
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(entry.getString("topic"), entry.getString("key"), entry.getString("event"));
            record.headers().add("content-type", CloudEvent.MEDIA_TYPE.getBytes(StandardCharsets.UTF_8));
            acks.add(kafka.send(record));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Object aggregateId = doc.get("_id");
        Optional<EventHistory> history = collections.getOrDefault(collection, Optional.empty());
        Document update = new Document("$pullAll", new Document(FIELD, pending));
        Document filter = new Document("_id", aggregateId);
        if (history.isPresent()) {
            long relayed = ((Number) doc.getOrDefault(AggregateStore.RELAYED, 0L)).longValue();
            history.get()
                    .append(
                            aggregateId.toString(),
                            relayed,
                            pending.stream()
                                    .map(entry -> entry.getString("event"))
                                    .toList());
            // guarded by the count, so a relay whose lease lapsed cannot count the same events twice
            filter.append(AggregateStore.RELAYED, doc.get(AggregateStore.RELAYED));
            update.append("$inc", new Document(AggregateStore.RELAYED, (long) pending.size()));
        }
        mongo.getCollection(collection).updateOne(filter, update);
    }

    @Override
    public void start() {
        pool = Executors.newFixedThreadPool(workers, daemon("outbox-relay"));
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("outbox-sweep"));
        executor.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
        sweeper = executor;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (Exception e) {
            log.warn("outbox sweep failed; next one in {}: {}", sweepInterval, e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService currentSweeper = sweeper;
        ExecutorService currentPool = pool;
        sweeper = null;
        pool = null;
        // what is still pending stays marked and is relayed after the next start
        ExecutorService[] executors = {currentSweeper, currentPool};
        for (ExecutorService executor : executors) {
            if (executor != null) {
                executor.shutdown();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ExecutorService executor : executors) {
            if (executor != null) {
                try {
                    executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return pool != null;
    }

    /** Starts after the Kafka and MongoDB clients, stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
