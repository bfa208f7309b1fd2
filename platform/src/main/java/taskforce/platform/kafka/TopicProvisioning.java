package taskforce.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import taskforce.contracts.Topic;

/**
 * Creates the system's topics and their dead-letter topics as {@link TopicLayout} says, and checks the ones that
 * exist against it: a topic laid out otherwise is reported by name with the command that fixes it, and grown to
 * the configured partition count only when the layout asks for that. Replication and {@code min.insync.replicas}
 * of an existing topic are never changed from here: moving replicas is an operator's decision
 * ({@code kafka-reassign-partitions}).
 */
public final class TopicProvisioning {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioning.class);

    /** What differs between a topic on the cluster and the layout, one sentence each. */
    public record Difference(String topic, String what) {}

    private final Map<String, Object> adminConfig;
    private final TopicLayout layout;
    private final Duration timeout;

    public TopicProvisioning(Map<String, Object> adminConfig, TopicLayout layout, Duration timeout) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.layout = layout;
        this.timeout = timeout;
    }

    /** Creates what is missing and returns what still differs from the layout after any growing it was asked to do. */
    public List<Difference> provision(Collection<Topic> topics) {
        List<NewTopic> wanted = topics.stream()
                .flatMap(topic -> List.of(main(topic), deadLetter(topic)).stream())
                .toList();
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            List<String> present = new ArrayList<>(wanted.stream()
                    .map(NewTopic::name)
                    .filter(existing::contains)
                    .toList());
            present.addAll(create(admin, missing));
            List<Difference> differences = checkOnceKnown(admin, present);
            differences.forEach(d -> log.warn("topic {}: {}", d.topic(), d.what()));
            return differences;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning the Kafka topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " while provisioning topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not provision the Kafka topics: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Creates the missing topics and returns those that existed after all: another instance created them at the same
     * moment, or the broker that listed the topics had not heard of them yet. Those are checked like any other.
     */
    private List<String> create(Admin admin, List<NewTopic> missing)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> existedAfterAll = new ArrayList<>();
        if (missing.isEmpty()) {
            return existedAfterAll;
        }
        for (var result : admin.createTopics(missing).values().entrySet()) {
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("created topic {} ({})", result.getKey(), layout);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    existedAfterAll.add(result.getKey());
                } else {
                    throw new IllegalStateException(
                            "could not create topic " + result.getKey() + " with " + layout
                                    + " (replication factor above the number of brokers? set taskforce.kafka.topics.*): "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
        return existedAfterAll;
    }

    /**
     * A topic created moments ago (here or by another instance) may not yet be known to the broker that answers the
     * description: asked again until the timeout, as the brokers learn of it within moments.
     */
    private List<Difference> checkOnceKnown(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return check(admin, names);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private List<Difference> check(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<Difference> differences = new ArrayList<>();
        Map<String, NewPartitions> grow = new HashMap<>();
        for (String name : names) {
            TopicDescription description = descriptions.get(name);
            int partitions = description.partitions().size();
            if (partitions < layout.partitions()) {
                if (layout.growPartitions()) {
                    grow.put(name, NewPartitions.increaseTo(layout.partitions()));
                } else {
                    differences.add(new Difference(
                            name,
                            partitions + " partitions, the layout says " + layout.partitions()
                                    + " (kafka-topics --alter --topic " + name + " --partitions "
                                    + layout.partitions() + ", or taskforce.kafka.topics.grow-partitions=true)"));
                }
            }
            int replicas = description.partitions().stream()
                    .mapToInt(p -> p.replicas().size())
                    .min()
                    .orElse(0);
            if (replicas != layout.replicationFactor()) {
                differences.add(new Difference(
                        name,
                        "replication factor " + replicas + ", the layout says " + layout.replicationFactor()
                                + " (kafka-reassign-partitions --reassignment-json-file …)"));
            }
            var minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            String actual = minIsr == null ? "unset" : minIsr.value();
            if (!String.valueOf(layout.minInsyncReplicas()).equals(actual)) {
                differences.add(new Difference(
                        name,
                        "min.insync.replicas " + actual + ", the layout says " + layout.minInsyncReplicas()
                                + " (kafka-configs --alter --entity-type topics --entity-name " + name
                                + " --add-config min.insync.replicas=" + layout.minInsyncReplicas() + ")"));
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info(
                    "grew {} to {} partitions",
                    grow.keySet().stream().sorted().collect(Collectors.joining(", ")),
                    layout.partitions());
        }
        return differences;
    }

    NewTopic main(Topic topic) {
        Map<String, String> configs = new HashMap<>(minIsr());
        if (topic.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return new NewTopic(topic.name(), layout.partitions(), layout.replicationFactor()).configs(configs);
    }

    NewTopic deadLetter(Topic topic) {
        return new NewTopic(topic.deadLetter(), layout.partitions(), layout.replicationFactor()).configs(minIsr());
    }

    private Map<String, String> minIsr() {
        return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(layout.minInsyncReplicas()));
    }
}
