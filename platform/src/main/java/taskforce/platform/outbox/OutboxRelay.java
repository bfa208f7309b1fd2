package taskforce.platform.outbox;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Updates.pullAll;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import taskforce.contracts.CloudEvent;

/**
 * Moves outbox entries from aggregate documents to Kafka, then removes them from the document.
 *
 * <p>A write asks for its aggregate to be flushed at once, so events leave within milliseconds; a periodic sweep
 * finds whatever a crash left behind. One thread does both, and each aggregate's entries are sent in the order
 * they were written and each acknowledged (acks=all, idempotent producer) before the next, so the events of
 * one aggregate reach their partition in order. A crash between send and removal sends an entry again: the
 * transport is at-least-once, and consumers drop repeats by event id.
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String FIELD = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final Duration sweepInterval;
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private volatile ScheduledExecutorService worker;

    public OutboxRelay(
            MongoTemplate mongo, KafkaTemplate<String, String> kafka, Duration sweepInterval, MeterRegistry meters) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.sweepInterval = sweepInterval;
        this.meters = meters;
    }

    /**
     * Adds a collection to the sweep and to the gauge {@code taskforce.outbox.backlog}: the aggregates the last
     * sweep found with events still waiting. Writes flush at once, so anything above zero for more than a sweep
     * means Kafka is not taking events.
     */
    public void register(String collection) {
        backlog.computeIfAbsent(collection, name -> {
            AtomicLong waiting = new AtomicLong();
            Gauge.builder("taskforce.outbox.backlog", waiting, AtomicLong::get)
                    .description("aggregates whose outbox the last sweep found not yet relayed")
                    .tag("collection", name)
                    .register(meters);
            return waiting;
        });
    }

    /** Asks for the outbox of one aggregate to be relayed soon, without waiting for it. */
    public void flush(String collection, Object aggregateId) {
        ScheduledExecutorService current = worker;
        if (current == null) {
            return; // not started yet or stopping: the sweep after start picks it up
        }
        try {
            current.execute(() -> relay(collection, aggregateId));
        } catch (RejectedExecutionException stopping) {
            log.debug("relay stopping; {} {} waits for the next sweep", collection, aggregateId);
        }
    }

    /** Relays every pending entry of every registered collection; also what the periodic sweep runs. */
    public void sweep() {
        for (Map.Entry<String, AtomicLong> collection : backlog.entrySet()) {
            List<Object> ids = new ArrayList<>();
            mongo.getCollection(collection.getKey())
                    .find(exists(FIELD + ".0"))
                    .projection(include("_id"))
                    .forEach(doc -> ids.add(doc.get("_id")));
            collection.getValue().set(ids.size());
            ids.forEach(id -> relay(collection.getKey(), id));
        }
    }

    private void relay(String collection, Object aggregateId) {
        try {
            Document doc = mongo.getCollection(collection)
                    .find(eq("_id", aggregateId))
                    .projection(include(FIELD))
                    .first();
            if (doc == null) {
                return;
            }
            List<Document> pending = doc.getList(FIELD, Document.class, List.of());
            List<Document> sent = new ArrayList<>();
            for (Document entry : pending) {
                ProducerRecord<String, String> record = new ProducerRecord<>(
                        entry.getString("topic"), entry.getString("key"), entry.getString("event"));
                record.headers().add("content-type", CloudEvent.MEDIA_TYPE.getBytes(StandardCharsets.UTF_8));
                kafka.send(record).get(30, TimeUnit.SECONDS);
                sent.add(entry);
            }
            if (!sent.isEmpty()) {
                mongo.getCollection(collection).updateOne(eq("_id", aggregateId), pullAll(FIELD, sent));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not relay outbox of {} {}; the sweep retries: {}", collection, aggregateId, e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
        worker = executor;
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
        ScheduledExecutorService current = worker;
        worker = null;
        if (current != null) {
            current.shutdown();
            try {
                current.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Starts after the Kafka and MongoDB clients, stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
