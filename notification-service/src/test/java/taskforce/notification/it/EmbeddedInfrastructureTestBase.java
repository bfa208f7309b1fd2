package taskforce.notification.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import taskforce.infra.SharedTestInfrastructure;

/**
 * The service against the embedded Kafka broker and mongo-java-server shared by every test of the JVM. Every test
 * class on the embedded infrastructure extends this one, so that they share one application context (and one
 * consumer group member) instead of starting one each.
 */
abstract class EmbeddedInfrastructureTestBase extends NotificationServiceTestBase {

    @DynamicPropertySource
    static void embeddedInfrastructure(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers",
                () -> SharedTestInfrastructure.kafka().bootstrapServers());
        registry.add(
                "spring.mongodb.uri", () -> SharedTestInfrastructure.mongo().uri("notification-service-it"));
    }
}
