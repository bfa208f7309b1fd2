package taskforce.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) on a fixed port, with its log in a directory of
 * ours so that topics, records and consumer offsets survive a restart: the laptop's broker. Tests use
 * {@link EmbeddedKafka} instead, on a free port with a throw-away log.
 */
public final class LocalKafkaBroker implements KafkaBroker {

    private static final String CONTROLLER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private LocalKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts on {@code port} (clients) and {@code controllerPort} (the quorum), formatting {@code logDir} on first use. */
    public static LocalKafkaBroker start(Path logDir, int port, int controllerPort) {
        String dir = logDir.toAbsolutePath().toString();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", CONTROLLER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("log.dirs", dir);
        props.put("num.partitions", String.valueOf(EmbeddedKafka.PARTITIONS));
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(dir))
                        .setMetadataLogDirectory(dir)
                        .setControllerListenerName(CONTROLLER)
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                        .run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory " + dir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LocalKafkaBroker broker = new LocalKafkaBroker(server, "localhost:" + port);
        try {
            broker.createTopics();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Topic topic : Topics.ALL) {
                for (NewTopic newTopic : EmbeddedKafka.newTopics(topic)) {
                    try {
                        admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("could not create topic " + newTopic.name(), e.getCause());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not create the topics in time", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
