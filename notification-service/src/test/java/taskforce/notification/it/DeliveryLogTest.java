package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The delivery log is paged (issue 11, item 5): newest first, at most 50 a page, the page's place in the headers,
 * read through the subscription's list of delivery ids by {@code _id} rather than a filter over every delivery.
 */
class DeliveryLogTest extends EmbeddedInfrastructureTestBase {

    @Test
    void pagesTheDeliveriesNewestFirstWithTheTotalAndALinkToTheNextPage() throws Exception {
        WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
        String taskForceId = unique("tf");
        agreementInForce(HOUSTON, taskForceId);
        String subscriptionId =
                subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String caseId = unique("case");
            caseIds.add(caseId);
            // one case's events after another's, each consumed before the next is sent
            produce(statusChanged(caseId, taskForceId, Instant.now().plusMillis(5)));
            int expected = i + 1;
            await().atMost(PATIENCE).until(() -> receiver.received().size() == expected);
        }
        String log = "/api/deliveries?subscriptionId=" + subscriptionId;

        HttpResponse<String> first = as(HOUSTON_ADMIN).get(log + "&size=2");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Total-Count")).hasValue("3");
        assertThat(first.headers().firstValue("Link"))
                .hasValue("</api/deliveries?subscriptionId=" + subscriptionId + "&page=1&size=2>; rel=\"next\"");
        assertThat(caseIdsOf(json(first.body()))).containsExactly(caseIds.get(2), caseIds.get(1));

        HttpResponse<String> second = as(HOUSTON_ADMIN).get(log + "&size=2&page=1");
        assertThat(caseIdsOf(json(second.body()))).containsExactly(caseIds.get(0));
        assertThat(second.headers().firstValue("Link")).isEmpty();
        assertThat(caseIdsOf(as(HOUSTON_ADMIN).getJson(log)))
                .containsExactly(caseIds.get(2), caseIds.get(1), caseIds.get(0));
        assertThat(mongo.findById(subscriptionId, Document.class, "subscription_deliveries"))
                .as("the subscription's list of delivery ids")
                .isNotNull();
    }

    @Test
    void refusesAPageLargerThanFiftyNamingTheSize() throws Exception {
        HttpResponse<String> tooLarge = as(HOUSTON_ADMIN).get("/api/deliveries?subscriptionId=any&size=51");

        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(json(tooLarge.body()).get("field").asString()).isEqualTo("size");
    }

    private static List<String> caseIdsOf(JsonNode deliveries) {
        List<String> caseIds = new ArrayList<>();
        deliveries.forEach(delivery -> caseIds.add(delivery.get("caseId").asString()));
        return caseIds;
    }
}
