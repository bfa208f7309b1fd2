package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A claim whose lease lapses while its attempt is still sending can be taken by another claimant (issue 12, item
 * 4). The delivery's claim counter fences the first one off: it finishes late and writes nothing, so exactly one
 * result is recorded and the attempt is listed once. The lease lapses by moving the service's clock on; the
 * receiver holds its answer to the first request meanwhile.
 */
class DeliveryClaimFencingTest extends EmbeddedInfrastructureTestBase {

    @AfterEach
    void putTheClockBack() {
        clockBack();
    }

    @Test
    void aClaimantWhoseLeaseLapsedMidSendRecordsNothingAndTheAttemptIsListedOnce() throws Exception {
        WebhookReceiver receiver = closeAfter(WebhookReceiver.answering(200, 200));
        CountDownLatch firstAnswer = receiver.holdFirstAnswer();
        String taskForceId = unique("tf");
        agreementInForce(HOUSTON, taskForceId);
        String subscriptionId =
                subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
        double supersededBefore = superseded();

        produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
        // the first claimant is mid-send; its lease (2 minutes) lapses, and the scan claims the delivery again
        CLOCK.moveOn(Duration.ofMinutes(3));
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 2);
        await().atMost(PATIENCE).until(() -> status(subscriptionId).equals("SUCCEEDED"));
        firstAnswer.countDown();
        await().atMost(PATIENCE).until(() -> superseded() == supersededBefore + 1);

        JsonNode delivery = as(HOUSTON_ADMIN)
                .getJson("/api/deliveries?subscriptionId=" + subscriptionId)
                .get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(delivery.get("attempts")).hasSize(1);
        assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(200);
        assertThat(receiver.received())
                .extracting(WebhookReceiver.Received::id)
                .as("both went under one webhook-id, so the receiver can drop the repeat")
                .containsOnly(delivery.get("id").asString());
        assertThat(mongo.findById(delivery.get("id").asString(), Document.class, "pending_deliveries"))
                .as("the late finisher neither removed nor rescheduled what the later claim left")
                .isNull();
    }

    private String status(String subscriptionId) throws Exception {
        JsonNode deliveries = as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId);
        return deliveries.isEmpty() ? "" : deliveries.get(0).get("status").asString();
    }

    private double superseded() {
        return meters.find("taskforce.delivery.superseded").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }
}
