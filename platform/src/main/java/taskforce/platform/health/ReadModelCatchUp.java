package taskforce.platform.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.listener.MessageListenerContainer;
import taskforce.contracts.Topic;

/**
 * Ready means the read models have caught up: a service that keeps a read model from a compacted topic (the
 * directory) reports {@code OUT_OF_SERVICE} until every consumer group of its listeners on such a topic has
 * committed the end offsets the topic had when this indicator first looked. Commits follow the listener's
 * effect, so a committed offset is a read model written; the group's offsets are those of every instance of the
 * service, which share its database, so a second instance joining a caught-up group is ready at once. Once
 * caught up it stays UP: a read model that lags later is ordinary consumer lag, not a reason to leave the load
 * balancer. In the readiness group only; liveness never waits for it.
 */
public final class ReadModelCatchUp implements HealthIndicator, DisposableBean {

    private final Supplier<Map<String, Object>> adminConfig;
    private final Supplier<Collection<? extends MessageListenerContainer>> containers;
    private final Set<String> readModelTopics;
    private final Duration timeout;

    private Admin admin;
    private Map<TopicPartition, Long> targets;
    private volatile boolean caughtUp;

    public ReadModelCatchUp(
            Supplier<Map<String, Object>> adminConfig,
            Supplier<Collection<? extends MessageListenerContainer>> containers,
            Collection<Topic> topics,
            Duration timeout) {
        this.adminConfig = adminConfig;
        this.containers = containers;
        this.readModelTopics =
                topics.stream().filter(Topic::compacted).map(Topic::name).collect(Collectors.toUnmodifiableSet());
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        if (caughtUp) {
            return Health.up().build();
        }
        Map<String, Set<String>> topicsByGroup = readModelListeners();
        if (topicsByGroup.isEmpty()) {
            caughtUp = true;
            return Health.up().withDetail("readModels", "none").build();
        }
        try {
            return check(topicsByGroup);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.outOfService().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return Health.outOfService()
                    .withDetail("error", "cannot read the consumer groups' offsets: " + e)
                    .build();
        }
    }

    private synchronized Health check(Map<String, Set<String>> topicsByGroup) throws Exception {
        if (caughtUp) {
            return Health.up().build();
        }
        if (admin == null) {
            admin = Admin.create(adminConfig.get());
        }
        if (targets == null) {
            targets = endOffsets(
                    topicsByGroup.values().stream().flatMap(Set::stream).collect(Collectors.toSet()));
        }
        Map<String, String> behind = new TreeMap<>();
        for (var entry : topicsByGroup.entrySet()) {
            String group = entry.getKey();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            targets.forEach((partition, end) -> {
                if (!entry.getValue().contains(partition.topic())) {
                    return;
                }
                OffsetAndMetadata offset = committed.get(partition);
                long position = offset == null ? 0 : offset.offset();
                if (position < end) {
                    behind.put(group + " " + partition, position + " of " + end);
                }
            });
        }
        if (!behind.isEmpty()) {
            return Health.status(Status.OUT_OF_SERVICE)
                    .withDetail("catchingUp", behind)
                    .build();
        }
        caughtUp = true;
        closeAdmin();
        return Health.up()
                .withDetail("caughtUpWith", targets.size() + " partitions")
                .build();
    }

    /** The end offset of each partition that holds records; an empty partition has nothing to catch up with. */
    private Map<TopicPartition, Long> endOffsets(Set<String> topics) throws Exception {
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = descriptions.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest =
                offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            long end = latest.get(partition).offset();
            if (end > earliest.get(partition).offset()) {
                ends.put(partition, end);
            }
        }
        return ends;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
            List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Map<String, Set<String>> readModelListeners() {
        Map<String, Set<String>> topicsByGroup = new TreeMap<>();
        for (MessageListenerContainer container : containers.get()) {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics == null || container.getGroupId() == null) {
                continue;
            }
            for (String topic : topics) {
                if (readModelTopics.contains(topic)) {
                    topicsByGroup
                            .computeIfAbsent(container.getGroupId(), g -> new java.util.TreeSet<>())
                            .add(topic);
                }
            }
        }
        return topicsByGroup;
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    @Override
    public void destroy() {
        closeAdmin();
    }
}
