package taskforce.platform.audit;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.InsertManyOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * The audit lane: moves audit records from {@value AuditTrail#PENDING} to the searchable {@value
 * AuditTrail#COLLECTION} and to Kafka, in batches, on a thread and a producer of its own, so that however many
 * reads are recorded, business events never wait behind them (ADR 0008).
 *
 * <p>Each batch is copied to {@value AuditTrail#COLLECTION} first (idempotent by {@code _id}, so a record is
 * searchable even while Kafka is down), then sent, all acknowledgements awaited together, then removed from
 * {@value AuditTrail#PENDING}. A crash anywhere repeats a step harmlessly. Records a crash left behind are found
 * by a sweep of {@value AuditTrail#PENDING}, which holds nothing but what is pending, on the instance that holds
 * the lease {@value #SWEEP_LEASE}.
 */
public class AuditRelay implements SmartLifecycle {

    public static final String SWEEP_LEASE = "audit-sweep";
    private static final Logger log = LoggerFactory.getLogger(AuditRelay.class);
    static final int BATCH = 500;
    /** How long the lane waits after a record for more to copy and publish with it. */
    static final Duration LINGER = Duration.ofMillis(50);

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final Runnable closeProducer;
    private final Duration sweepInterval;
    private final Clock clock;
    private final Leases leases;
    private final String relayId = UUID.randomUUID().toString();
    /**
     * The pending records as their writers inserted them, so the lane need not read them back. Bounded: past it,
     * records wait for the sweep instead of memory growing without end.
     */
    private final BlockingQueue<Document> queued = new LinkedBlockingQueue<>(20_000);

    private volatile Thread lane;
    private volatile boolean running;

    public AuditRelay(
            MongoTemplate mongo,
            KafkaTemplate<String, String> kafka,
            Runnable closeProducer,
            Duration sweepInterval,
            Clock clock) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.closeProducer = closeProducer;
        this.sweepInterval = sweepInterval;
        this.clock = clock;
        this.leases = new Leases(mongo, clock);
    }

    /**
     * Asks for recorded audit entries to be relayed soon, without waiting for them; {@code pending} are the
     * documents as inserted into {@value AuditTrail#PENDING}.
     */
    public void flush(List<Document> pending) {
        for (Document document : pending) {
            if (running && !queued.offer(document)) {
                log.debug("audit lane full; {} waits for the sweep", document.get("_id"));
            }
        }
    }

    private void run() {
        long nextSweep = 0;
        while (running) {
            try {
                List<Document> batch = new ArrayList<>();
                Document first = queued.poll(sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    // a moment for the records that follow it, so that a steady trickle is copied, published and
                    // cleared a few at a time instead of three commands for every single record
                    long lingerUntil = System.nanoTime() + LINGER.toNanos();
                    queued.drainTo(batch, BATCH - batch.size());
                    while (batch.size() < BATCH && System.nanoTime() < lingerUntil) {
                        Document next = queued.poll(lingerUntil - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                        queued.drainTo(batch, BATCH - batch.size());
                    }
                    relay(batch);
                }
                if (System.nanoTime() - nextSweep >= 0) {
                    sweep();
                    nextSweep = System.nanoTime() + sweepInterval.toNanos();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("could not relay audit records; the sweep retries: {}", e.toString());
            }
        }
    }

    /** Relays what the lane has not, such as records a crash left: the older ones, a batch at a time. */
    public void sweep() throws Exception {
        if (leases.tryAcquire(SWEEP_LEASE, relayId, sweepInterval.multipliedBy(3))
                .isEmpty()) {
            return;
        }
        Instant settled = clock.instant().minus(sweepInterval);
        List<Document> stranded = new ArrayList<>();
        mongo.getCollection(AuditTrail.PENDING).find().limit(BATCH).forEach(doc -> {
            if (doc.getDate("occurredAt").toInstant().isBefore(settled)) {
                stranded.add(doc);
            }
        });
        relay(stranded);
    }

    private void relay(List<Document> pending) throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        List<Document> records = pending.stream().map(AuditRelay::record).toList();
        try {
            mongo.getCollection(AuditTrail.COLLECTION).insertMany(records, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
            // the others are there already: copied before a crash, or by the sweep
        }
        List<CompletableFuture<SendResult<String, String>>> acks = new ArrayList<>();
        for (Document entry : pending) {
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(entry.getString("topic"), entry.getString("key"), entry.getString("event"));
            record.headers().add("content-type", CloudEvent.MEDIA_TYPE.getBytes(StandardCharsets.UTF_8));
            acks.add(kafka.send(record));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        mongo.getCollection(AuditTrail.PENDING)
                .deleteMany(
                        in("_id", pending.stream().map(doc -> doc.get("_id")).toList()));
    }

    /** The searchable record: the pending one without what only its publication needs. */
    private static Document record(Document pending) {
        Document record = new Document(pending);
        AuditTrail.PUBLICATION_FIELDS.forEach(record::remove);
        return record;
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::run, "audit-relay");
        thread.setDaemon(true);
        lane = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread current = lane;
        lane = null;
        if (current != null) {
            // not interrupted: a driver call cut short closes its connection; the lane polls briefly instead
            try {
                current.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer.run();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the Kafka and MongoDB clients, stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
