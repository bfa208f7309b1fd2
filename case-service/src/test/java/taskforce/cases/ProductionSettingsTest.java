package taskforce.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.casefile.Cases;
import taskforce.cases.directory.Directory;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;
import taskforce.infra.EmbeddedKafka;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;
import taskforce.platform.outbox.PendingMarkers;

/**
 * case-service started as production starts it: its own configuration, no profile, an empty store and a broker
 * of its own, so that whatever the topics carry afterwards was published by this start. Demo data belongs to the
 * {@code demo} profile, which only the local stack and docker compose turn on.
 */
class ProductionSettingsTest {

    private static EmbeddedKafka broker;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void startAsProductionDoes() {
        broker = EmbeddedKafka.start();
        service = CaseServiceApplication.builder()
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--spring.mongodb.uri="
                                + SharedTestInfrastructure.mongo().uri("production-" + UUID.randomUUID()),
                        // the test issuer's key instead of an identity provider to ask: no bearing on seeding
                        "--" + TestTokens.PROPERTY + "=" + TestTokens.publicKeyLocation(),
                        "--" + TestTokens.ISSUER_PROPERTY + "=",
                        // the test broker has one node; production's replication factor 3 needs three
                        "--taskforce.kafka.topics.replication-factor=1",
                        "--taskforce.kafka.topics.min-insync-replicas=1",
                        "--spring.main.banner-mode=off");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Nested
    class WithoutTheDemoProfile {

        @Test
        void seedsNoAgenciesTaskForcesOrMembers() {
            assertThat(service.getBean(Directory.class).isEmpty()).isTrue();
            assertThat(service.getBean(Directory.class).membersOf("best-houston"))
                    .isEmpty();
        }

        @Test
        void seedsNoDemoCases() {
            MongoTemplate mongo = service.getBean(MongoTemplate.class);
            assertThat(mongo.getCollection(Cases.COLLECTION).countDocuments()).isZero();
        }

        @Test
        void hasNothingWaitingToBePublishedAndNothingPublished() {
            MongoTemplate mongo = service.getBean(MongoTemplate.class);
            assertThat(mongo.getCollection(PendingMarkers.COLLECTION).countDocuments(new Document()))
                    .as("events waiting in the outbox")
                    .isZero();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (Topic topic : Topics.ALL) {
                    consumer.partitionsFor(topic.name())
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                assertThat(partitions).isNotEmpty();
                assertThat(consumer.endOffsets(partitions).values())
                        .as("records on the topics")
                        .allMatch(offset -> offset == 0L);
            }
        }
    }
}
