package taskforce.notification.it;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same scenarios against real Apache Kafka and MongoDB images, wherever a Docker engine runs: this proves the
 * store access (upserts, guarded updates, claims by {@code _id}) on a real MongoDB, not only on mongo-java-server.
 * Skipped, with the reason shown, where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class NotificationServiceContainersTest extends NotificationServiceTestBase {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @DynamicPropertySource
    static void containers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.mongodb.uri", () -> MONGO.getReplicaSetUrl("notifications"));
    }

    @Nested
    class AssignedMembers {

        @Test
        void getAnInboxEntryALivePushAndAnEmail() throws Exception {
            assignedMemberIsNotifiedInInboxStreamAndEmail();
        }

        @Test
        void areNotifiedOnceWhenTheSameEventArrivesTwice() throws Exception {
            redeliveredAssignmentNotifiesOnce();
        }
    }

    @Nested
    class Webhooks {

        @Test
        void receiveLaterCaseEventsSignedAndRecorded() throws Exception {
            webhookSubscriberReceivesSignedLaterEvents();
        }
    }
}
