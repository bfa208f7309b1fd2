package taskforce.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;
import taskforce.platform.lease.Leases;
import taskforce.platform.refusal.Conflict;

/**
 * Sends the records of a dead-letter topic back to their source topic once the cause is fixed, byte for byte
 * and under the same key, so each keeps its event id: consumers that already applied it skip it, the others
 * apply it now, and a webhook receiver sees the same {@code webhook-id} it may have seen before.
 *
 * <p>Progress is a consumer group per dead-letter topic shared by every service ({@code taskforce.redrive.<topic>}),
 * so a record is re-driven once whichever service is asked; a re-drive stops at the end the topic had when it
 * began, so records that fail again wait for the next one instead of circling.
 *
 * <p>Of the instances of a service, one re-drives a topic at a time: a re-drive holds the lease
 * {@code redrive:<topic>} ({@link Leases}, in the service's store) from before it reads the progress until after it
 * commits it, renewing it as it goes; a second request meanwhile is refused ({@link Conflict}) rather than reading
 * the same progress and sending the same records again.
 */
public class DeadLetterRedrive {

    public record Report(String topic, int redriven, List<String> keys) {}

    public record DeadLetter(int partition, long offset, String key, String exception, String message, String value) {}

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Far longer than one re-drive runs ({@link #PATIENCE} and a send's timeout), and renewed as it goes. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final KafkaProperties properties;
    private final Leases leases;
    private final String owner;

    /** {@code owner} names this instance in the lease. */
    public DeadLetterRedrive(KafkaProperties properties, Leases leases, String owner) {
        this.properties = properties;
        this.leases = leases;
        this.owner = owner;
    }

    public static Optional<Topic> sourceTopic(String name) {
        return Topics.ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    /** What waits in the dead-letter topic of {@code topic} and has not been re-driven yet, oldest first. */
    public List<DeadLetter> pending(Topic topic, int limit) {
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            Map<TopicPartition, Long> end = assignFromCommitted(consumer, topic);
            drain(consumer, end, record -> {
                if (found.size() < limit) {
                    found.add(new DeadLetter(
                            record.partition(),
                            record.offset(),
                            record.key(),
                            header(record, "kafka_dlt-exception-fqcn"),
                            header(record, "kafka_dlt-exception-message"),
                            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
                }
            });
        }
        return found;
    }

    /** Re-drives what waits; refused with {@link Conflict} while another instance re-drives the same topic. */
    public Report redrive(Topic topic) {
        String name = "redrive:" + topic.name();
        // one holder per request, so that two requests on one instance exclude each other too
        String holder = owner + "/" + UUID.randomUUID();
        Leases.Lease lease = leases.tryAcquire(name, holder, LEASE)
                .orElseThrow(() -> new Conflict(
                        "Re-drive under way",
                        "another instance is re-driving " + topic.deadLetter()
                                + " now; ask again when it has finished (what it sends is not sent twice)"));
        try {
            return redriveHolding(topic, name, holder);
        } finally {
            leases.release(lease);
        }
    }

    private Report redriveHolding(Topic topic, String leaseName, String holder) {
        List<String> keys = new ArrayList<>();
        long[] renewAt = {System.nanoTime() + LEASE.dividedBy(2).toNanos()};
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic);
                KafkaProducer<String, byte[]> producer = producer()) {
            Map<TopicPartition, Long> end = assignFromCommitted(consumer, topic);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            drain(consumer, end, record -> {
                if (System.nanoTime() > renewAt[0]) {
                    // still at work: keep the lease, or stop before sending what another holder may send
                    if (leases.tryAcquire(leaseName, holder, LEASE).isEmpty()) {
                        consumer.commitSync(done);
                        throw new IllegalStateException("re-drive of " + topic.deadLetter() + " lost its lease");
                    }
                    renewAt[0] = System.nanoTime() + LEASE.dividedBy(2).toNanos();
                }
                ProducerRecord<String, byte[]> again = new ProducerRecord<>(topic.name(), record.key(), record.value());
                again.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
                again.headers()
                        .add(
                                "taskforce-redriven-from",
                                (record.topic() + "@" + record.partition() + ":" + record.offset())
                                        .getBytes(StandardCharsets.UTF_8));
                try {
                    producer.send(again).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // what was re-driven so far stays re-driven; the rest waits for the next request
                    consumer.commitSync(done);
                    throw new IllegalStateException("re-drive of " + topic.deadLetter() + " stopped: " + e, e);
                }
                done.put(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                keys.add(record.key());
            });
            consumer.commitSync(done);
        }
        return new Report(topic.name(), keys.size(), keys);
    }

    private interface RecordHandler {
        void handle(ConsumerRecord<String, byte[]> record);
    }

    private static void drain(
            KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end, RecordHandler handler) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!reached(consumer, end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition)) {
                    handler.handle(record);
                }
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<TopicPartition, Long> assignFromCommitted(KafkaConsumer<String, byte[]> consumer, Topic topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.deadLetter()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata position = committed.get(partition);
            consumer.seek(
                    partition,
                    position == null
                            ? beginning.get(partition)
                            : Math.max(position.offset(), beginning.get(partition)));
        }
        return new LinkedHashMap<>(consumer.endOffsets(partitions));
    }

    private KafkaConsumer<String, byte[]> consumer(Topic topic) {
        Map<String, Object> config = new HashMap<>(properties.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "taskforce.redrive." + topic.name());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(properties.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
