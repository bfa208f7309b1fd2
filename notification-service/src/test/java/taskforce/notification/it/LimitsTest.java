package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.infra.TestTokens;

/** Caps with clear errors (issue 13, item 11): live streams per member, subscriptions per agency. */
class LimitsTest extends EmbeddedInfrastructureTestBase {

    static final int STREAMS_PER_MEMBER = 5;
    static final int SUBSCRIPTIONS_PER_AGENCY = 100;

    @Nested
    class LiveStreams {

        @Test
        void areAtMostFivePerMemberThenTooManyRequestsNamingTheMemberUntilOneCloses() throws Exception {
            String memberId = unique("member");
            memberKnown(memberId, "Sue Streams", null, unique("tf"));
            List<CompletableFuture<HttpResponse<Stream<String>>>> open = new ArrayList<>();
            for (int i = 0; i < STREAMS_PER_MEMBER; i++) {
                open.add(http.sendAsync(streamRequest(memberId), HttpResponse.BodyHandlers.ofLines()));
            }
            await().atMost(PATIENCE).until(() -> streams.openStreams(memberId) == STREAMS_PER_MEMBER);

            HttpResponse<String> sixth = http.send(streamRequest(memberId), HttpResponse.BodyHandlers.ofString());

            assertThat(sixth.statusCode()).as(sixth.body()).isEqualTo(429);
            assertThat(sixth.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(sixth.body()).get("field").asString()).isEqualTo("memberId");
            assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
            assertThat(streams.openStreams(memberId)).isEqualTo(STREAMS_PER_MEMBER);

            open.get(0).join().body().close();
            // the keep-alive finds the closed stream
            await().atMost(PATIENCE).until(() -> streams.openStreams(memberId) < STREAMS_PER_MEMBER);
            CompletableFuture<HttpResponse<Stream<String>>> again =
                    http.sendAsync(streamRequest(memberId), HttpResponse.BodyHandlers.ofLines());
            assertThat(again.join().statusCode()).isEqualTo(200);
            open.add(again);
            open.forEach(stream -> stream.join().body().close());
        }

        private HttpRequest streamRequest(String memberId) {
            return HttpRequest.newBuilder(uri("/api/members/" + memberId + "/notifications/stream"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + memberToken(memberId))
                    .GET()
                    .build();
        }
    }

    @Nested
    class Subscriptions {

        @Test
        void areAtMostOneHundredPerAgencyThenUnprocessableNamingTheAgency() throws Exception {
            String agencyId = unique("capped-pd");
            String admin = TestTokens.agencyAdmin(agencyId);
            String taskForceId = unique("tf");
            agreementInForce(agencyId, taskForceId);
            String desk = unique("desk") + "@capped.example.gov";
            memberOf(agencyId, unique("desk"), "Capped Desk", desk);
            String body = """
                    {"scope": {"taskForceId": "%s"}, "channel": {"type": "EMAIL", "address": "%s"}}
                    """.formatted(taskForceId, desk);
            for (int i = 0; i < SUBSCRIPTIONS_PER_AGENCY; i++) {
                HttpResponse<String> created = as(admin).post("/api/subscriptions", body);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }

            HttpResponse<String> refused = as(admin).post("/api/subscriptions", body);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused.body()).get("field").asString()).isEqualTo("agencyId");
            assertThat(as(admin).getJson("/api/subscriptions")).hasSize(SUBSCRIPTIONS_PER_AGENCY);
            String someId =
                    as(admin).getJson("/api/subscriptions").get(0).get("id").asString();
            assertThat(as(admin).delete("/api/subscriptions/" + someId).statusCode())
                    .isEqualTo(204);
            assertThat(as(admin).post("/api/subscriptions", body).statusCode())
                    .as("room again once one is removed")
                    .isEqualTo(201);
        }
    }
}
