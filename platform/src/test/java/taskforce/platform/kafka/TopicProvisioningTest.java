package taskforce.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;
import taskforce.infra.EmbeddedKafkaCluster;

/** The topics on a three-broker cluster as production runs it: replication factor 3, min ISR 2, 12 partitions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class TopicProvisioningTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private EmbeddedKafkaCluster cluster;

    @BeforeAll
    void startCluster() {
        cluster = EmbeddedKafkaCluster.start(3);
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    private Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    }

    /** As the broker that answers knows it: one that has not heard of a topic created moments ago is asked again. */
    private TopicDescription describe(String topic) {
        return await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(ExecutionException.class)
                .until(
                        () -> {
                            try (Admin admin = Admin.create(adminConfig())) {
                                return admin.describeTopics(List.of(topic))
                                        .allTopicNames()
                                        .get(30, TimeUnit.SECONDS)
                                        .get(topic);
                            }
                        },
                        description -> description != null);
    }

    private Config config(String topic) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource);
        }
    }

    @Nested
    @Order(1)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OnAThreeBrokerCluster {

        @BeforeAll
        void provisionWithTheProductionLayout() {
            List<TopicProvisioning.Difference> differences =
                    new TopicProvisioning(adminConfig(), TopicLayout.PRODUCTION, TIMEOUT).provision(Topics.ALL);
            assertThat(differences)
                    .as("freshly created topics match the layout")
                    .isEmpty();
        }

        @Test
        @Order(1)
        void createsEveryTopicAndItsDeadLetterTopicReplicatedThreeTimesWithTwelvePartitions() throws Exception {
            for (Topic topic : Topics.ALL) {
                for (String name : List.of(topic.name(), topic.deadLetter())) {
                    TopicDescription description = describe(name);
                    assertThat(description.partitions()).as(name).hasSize(12);
                    assertThat(description.partitions())
                            .as(name)
                            .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                    assertThat(config(name).get("min.insync.replicas").value())
                            .as(name)
                            .isEqualTo("2");
                }
            }
            assertThat(config(Topics.DIRECTORY.name()).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }

        @Test
        @Order(2)
        void findsNothingToReportOnASecondStart() {
            assertThat(new TopicProvisioning(adminConfig(), TopicLayout.PRODUCTION, TIMEOUT).provision(Topics.ALL))
                    .isEmpty();
        }
    }

    @Nested
    @Order(2)
    class WithATopicLaidOutOtherwise {

        private final Topic probe = new Topic("probe.existing", "probe id", false);

        private void createWithThreePartitionsAndOneReplica(Topic topic) throws Exception {
            try (Admin admin = Admin.create(adminConfig())) {
                admin.createTopics(List.of(new NewTopic(topic.name(), 3, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        }

        @Test
        void reportsEachDifferenceWithTheCommandThatFixesItAndChangesNothing() throws Exception {
            createWithThreePartitionsAndOneReplica(probe);

            List<TopicProvisioning.Difference> differences =
                    new TopicProvisioning(adminConfig(), TopicLayout.PRODUCTION, TIMEOUT).provision(List.of(probe));

            assertThat(differences)
                    .extracting(TopicProvisioning.Difference::topic)
                    .containsOnly(probe.name());
            assertThat(differences)
                    .extracting(TopicProvisioning.Difference::what)
                    .anySatisfy(
                            what -> assertThat(what).startsWith("3 partitions").contains("kafka-topics --alter"))
                    .anySatisfy(what ->
                            assertThat(what).startsWith("replication factor 1").contains("kafka-reassign-partitions"))
                    .anySatisfy(what ->
                            assertThat(what).startsWith("min.insync.replicas 1").contains("kafka-configs"));
            assertThat(describe(probe.name()).partitions()).hasSize(3);
            assertThat(describe(probe.deadLetter()).partitions())
                    .as("the missing dead-letter topic is created as the layout says")
                    .hasSize(12);
        }

        @Test
        void growsThePartitionsWhenAsked() throws Exception {
            Topic grown = new Topic("probe.grown", "probe id", false);
            createWithThreePartitionsAndOneReplica(grown);
            TopicLayout growing = new TopicLayout(12, (short) 3, 2, true);

            List<TopicProvisioning.Difference> differences =
                    new TopicProvisioning(adminConfig(), growing, TIMEOUT).provision(List.of(grown));

            // the brokers learn of the new partitions within moments of the controller
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(describe(grown.name()).partitions()).hasSize(12));
            assertThat(differences)
                    .extracting(TopicProvisioning.Difference::what)
                    .noneSatisfy(what -> assertThat(what).contains("partitions,"));
        }
    }

    @Nested
    @Order(3)
    class WhenBrokersStop {

        @Test
        void acceptsAnAcksAllSendWithOneBrokerStoppedAndRefusesItWithTwo() throws Exception {
            cluster.stopBroker(cluster.runningBrokers().iterator().next());
            try (KafkaProducer<String, String> producer = producer()) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.CASES.name(), "case-1", "{}"))
                        .get(60, TimeUnit.SECONDS);
                assertThat(sent.offset()).isGreaterThanOrEqualTo(0);
            }

            cluster.stopBroker(cluster.runningBrokers().iterator().next());
            try (KafkaProducer<String, String> producer = producer()) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.CASES.name(), "case-2", "{}"))
                                .get(60, TimeUnit.SECONDS))
                        .as("one in-sync replica is below min.insync.replicas 2")
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        // refused as such, or retried as the retriable refusal it is until the delivery timeout
                        .isInstanceOfAny(NotEnoughReplicasException.class, TimeoutException.class);
            }
        }
    }

    /** An acks=all producer that gives up within the test's patience. */
    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        15_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        5_000),
                new StringSerializer(),
                new StringSerializer());
    }
}
