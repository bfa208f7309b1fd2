package taskforce.infra;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;

/**
 * A real single-node Kafka broker (KRaft) in this JVM on a free port with a throw-away log: for tests. The
 * laptop's broker, on a fixed port with a kept log, is {@link LocalKafkaBroker}.
 */
public final class EmbeddedKafka implements KafkaBroker {

    public static final int PARTITIONS = 3;

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on a free port. */
    public static EmbeddedKafka start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.replication.factor", "1",
                "offsets.topic.replication.factor", "1"));
        broker.afterPropertiesSet();
        for (Topic topic : Topics.ALL) {
            broker.addTopics(newTopics(topic).toArray(NewTopic[]::new));
        }
        return new EmbeddedKafka(broker);
    }

    /** A topic and its dead-letter topic, as every broker of the system has them. */
    static List<NewTopic> newTopics(Topic topic) {
        NewTopic main = new NewTopic(topic.name(), PARTITIONS, (short) 1);
        if (topic.compacted()) {
            main.configs(Map.of("cleanup.policy", "compact"));
        }
        return List.of(main, new NewTopic(topic.deadLetter(), PARTITIONS, (short) 1));
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
