package taskforce.infra;

/** A running Kafka broker with every topic of the system and its dead-letter topic. */
public interface KafkaBroker extends AutoCloseable {

    String bootstrapServers();

    @Override
    void close();
}
