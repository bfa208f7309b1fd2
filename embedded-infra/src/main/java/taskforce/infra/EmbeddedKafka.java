package taskforce.infra;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;

/** A real single-node Kafka broker (KRaft) in this JVM, with every topic of the system and its dead-letter topic. */
public final class EmbeddedKafka implements AutoCloseable {

    public static final int PARTITIONS = 3;

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on {@code port} (0 picks a free one). */
    public static EmbeddedKafka start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.replication.factor", "1",
                "offsets.topic.replication.factor", "1"));
        broker.afterPropertiesSet();
        for (Topic topic : Topics.ALL) {
            NewTopic main = new NewTopic(topic.name(), PARTITIONS, (short) 1);
            if (topic.compacted()) {
                main.configs(Map.of("cleanup.policy", "compact"));
            }
            broker.addTopics(main, new NewTopic(topic.deadLetter(), PARTITIONS, (short) 1));
        }
        return new EmbeddedKafka(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
