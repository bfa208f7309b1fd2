package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Inbox entries and delivery logs name cases and receivers: every read of them, allowed or refused, is in the
 * service's audit trail (issue 13, item 5), where an administrator asks who read what.
 */
class ReadAuditTest extends EmbeddedInfrastructureTestBase {

    @Nested
    class InboxReads {

        @Test
        void areRecordedForTheOwnerAndForAnyoneRefused() throws Exception {
            String memberId = unique("member");
            String snoop = unique("member");
            String taskForceId = unique("tf");
            memberKnown(memberId, "Ida Inbox", null, taskForceId);
            String inbox = "/api/members/" + memberId + "/notifications";

            as(memberToken(memberId, taskForceId)).getJson(inbox);
            assertThat(as(memberToken(snoop, taskForceId)).get(inbox).statusCode())
                    .isEqualTo(404);

            JsonNode records = awaitAudit(memberId, "inbox.read", 2);
            assertThat(records)
                    .extracting(r ->
                            r.get("actorId").asString() + " " + r.get("outcome").asString())
                    .containsExactlyInAnyOrder(memberId + " ALLOWED", snoop + " REFUSED");
            assertThat(records)
                    .allSatisfy(r -> assertThat(r.get("objectType").asString()).isEqualTo("inbox"));
        }
    }

    @Nested
    class DeliveryLogReads {

        @Test
        void areRecordedForTheSubscribingAgencyAndForAnotherAgencyThatTried() throws Exception {
            WebhookReceiver receiver = closeAfter(WebhookReceiver.answering());
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String subscriptionId =
                    subscribeWebhook(taskForceId, receiver.url()).get("id").asString();
            produce(statusChanged(unique("case"), taskForceId, Instant.now().plusMillis(5)));
            String log = "/api/deliveries?subscriptionId=" + subscriptionId;
            await().atMost(PATIENCE).until(() -> as(HOUSTON_ADMIN).getJson(log).size() == 1);
            assertThat(as(DALLAS_ADMIN).getJson(log)).isEmpty();

            JsonNode records = awaitAudit(subscriptionId, "delivery.list", 2);
            assertThat(records)
                    .extracting(r -> r.get("agencyId").asString() + " "
                            + r.get("outcome").asString())
                    .contains(HOUSTON + " ALLOWED", DALLAS + " REFUSED");
        }
    }

    private JsonNode awaitAudit(String objectId, String action, int atLeast) {
        return await().atMost(PATIENCE)
                .until(
                        () -> as(ADMIN)
                                .getJson("/api/audit?objectId=" + objectId + "&action=" + action)
                                .get("content"),
                        content -> content.size() >= atLeast);
    }
}
