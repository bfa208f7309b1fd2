package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Circuit breakers and bulkheads are tagged by name on {@code /actuator/prometheus}; the names must not reveal where
 * agencies receive their webhooks (issue 13, item 7).
 */
class ReceiverNamesInMetricsTest extends EmbeddedInfrastructureTestBase {

    @Nested
    class ThePrometheusPage {

        @Test
        void showsEachReceiversBreakerWithoutItsHostOrPort() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            subscribeWebhook(taskForceId, receiver.url());
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
            String authority = URI.create(receiver.url()).getAuthority();

            String metrics = as(ADMIN).get("/actuator/prometheus").body();

            assertThat(metrics)
                    .contains("resilience4j_circuitbreaker_state{")
                    .containsPattern("name=\"webhook-[0-9a-f]{16}\"")
                    .doesNotContain(authority)
                    .doesNotContain("webhook:http");
        }
    }
}
