package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Due deliveries are found through markers per second by {@code _id} (issue 11, item 5), not by a range over the
 * pending entries' times: a retry is marked for the second it falls due in and found there, and seconds well past
 * are removed once swept, so the markers hold only what is still to come.
 */
class DueDeliveriesTest extends EmbeddedInfrastructureTestBase {

    @AfterEach
    void putTheClockBack() {
        clockBack();
    }

    @Test
    void aRetryIsFoundByTheMarkerOfItsSecondAndSweptSecondsAreRemoved() throws Exception {
        WebhookReceiver receiver = closeAfter(WebhookReceiver.answering(500, 200));
        String taskForceId = unique("tf");
        agreementInForce(HOUSTON, taskForceId);
        String subscriptionId =
                subscribeWebhook(taskForceId, receiver.url()).get("id").asString();

        produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
        await().atMost(PATIENCE).until(() -> status(subscriptionId).equals("SUCCEEDED"));
        JsonNode delivery = as(HOUSTON_ADMIN)
                .getJson("/api/deliveries?subscriptionId=" + subscriptionId)
                .get(0);
        assertThat(delivery.get("attempts")).hasSize(2);
        String deliveryId = delivery.get("id").asString();
        assertThat(secondsMarking(deliveryId))
                .as("its lease and its retry were marked")
                .isNotEmpty();

        CLOCK.moveOn(Duration.ofMinutes(5));
        await().atMost(PATIENCE).until(() -> secondsMarking(deliveryId).isEmpty());
        assertThat(mongo.findById(deliveryId, Document.class, "pending_deliveries"))
                .isNull();
    }

    private List<String> secondsMarking(String deliveryId) {
        List<String> seconds = new ArrayList<>();
        mongo.getCollection("due_markers")
                .find(new Document("ids", deliveryId))
                .forEach(marker -> seconds.add(marker.getString("_id")));
        return seconds;
    }

    private String status(String subscriptionId) throws Exception {
        JsonNode deliveries = as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + subscriptionId);
        return deliveries.isEmpty() ? "" : deliveries.get(0).get("status").asString();
    }
}
