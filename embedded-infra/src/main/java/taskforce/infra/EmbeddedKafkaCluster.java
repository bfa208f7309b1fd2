package taskforce.infra;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Several real Kafka brokers (KRaft) in this JVM, as production runs them on several hosts, with no topics: the
 * services or the test create them, so that their replication is what is under test. A broker can be stopped
 * while the others go on. One controller among them: the brokers' replication is what is tested, and a
 * three-voter quorum in one JVM on a loaded machine loses its leader now and then.
 */
public final class EmbeddedKafkaCluster implements KafkaBroker {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts {@code brokers} brokers on free ports. */
    public static EmbeddedKafkaCluster start(int brokers) {
        KafkaClusterTestKit cluster = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .build());
            Map.of(
                            "auto.create.topics.enable", "false",
                            "group.initial.rebalance.delay.ms", "0",
                            "offsets.topic.replication.factor", String.valueOf(brokers),
                            "transaction.state.log.replication.factor", String.valueOf(brokers),
                            // a broker starved of CPU by a busy machine must not be fenced for it
                            "broker.session.timeout.ms", "30000")
                    .forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafkaCluster(cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a Kafka cluster", e);
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("could not start a Kafka cluster of " + brokers + " brokers", e);
        }
    }

    /** The ids of the brokers now running. */
    public Set<Integer> runningBrokers() {
        Set<Integer> running = new TreeSet<>();
        cluster.brokers().forEach((id, broker) -> {
            if (!broker.isShutdown()) {
                running.add(id);
            }
        });
        return running;
    }

    /** Stops one broker (a controlled shutdown: its partitions' leadership moves to the others first). */
    public void stopBroker(int id) {
        BrokerServer broker = cluster.brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException(
                    "no broker " + id + "; brokers are " + cluster.brokers().keySet());
        }
        broker.shutdown();
        broker.awaitShutdown();
    }

    /**
     * Starts a stopped broker again on its own log directories and ports, as a restarted host does: it catches up
     * from the others and rejoins the in-sync replicas.
     */
    public void startBroker(int id) {
        BrokerServer broker = cluster.brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException(
                    "no broker " + id + "; brokers are " + cluster.brokers().keySet());
        }
        broker.startup();
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the Kafka cluster", e);
        }
    }
}
