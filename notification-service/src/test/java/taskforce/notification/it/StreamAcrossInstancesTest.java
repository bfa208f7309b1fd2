package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;
import taskforce.notification.NotificationApplication;
import taskforce.notification.inbox.NotificationStreams;

/**
 * Two instances on one broker and one store (issue 12, item 2): the test's own context (A) consumes the case events,
 * a second one (B) started here does not (its listeners never start, so which instance consumes is not left to
 * the group's partition assignment), and a member's stream opened on B still receives what A consumed. A
 * reconnect with {@code Last-Event-ID} receives exactly what it missed, on either instance.
 */
class StreamAcrossInstancesTest extends EmbeddedInfrastructureTestBase {

    private static ConfigurableApplicationContext instanceB;

    @BeforeAll
    static void startInstanceB() {
        // command-line arguments, since they outrank the service's own configuration file as they do in production
        instanceB = NotificationApplication.builder()
                .run(
                        "--server.port=0",
                        "--spring.kafka.listener.auto-startup=false",
                        "--spring.kafka.bootstrap-servers="
                                + SharedTestInfrastructure.kafka().bootstrapServers(),
                        "--spring.mongodb.uri="
                                + SharedTestInfrastructure.mongo().uri("notification-service-it"),
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + SharedTestInfrastructure.smtp().smtpPort(),
                        "--" + TestTokens.PROPERTY + "=" + TestTokens.publicKeyLocation(),
                        "--" + TestTokens.ISSUER_PROPERTY + "=",
                        "--notification.webhook.require-https=false",
                        "--notification.webhook.allow-loopback=true",
                        "--notification.webhook.secret-key=dGVzdC1rZXktMzItYnl0ZXMtZm9yLWFlcy1nY20tISE=",
                        "--notification.stream.keep-alive=2s",
                        "--taskforce.kafka.topics.partitions=3",
                        "--taskforce.kafka.topics.replication-factor=1",
                        "--taskforce.kafka.topics.min-insync-replicas=1");
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    @Test
    void streamOnAnotherInstanceReceivesWhatThisOneConsumedAndAReconnectGetsExactlyWhatItMissed() throws Exception {
        String memberId = unique("member");
        String taskForceId = unique("tf");
        memberKnown(memberId, "Rosa Mendez", null, taskForceId);
        String first = caseNumber();
        String second = caseNumber();
        String third = caseNumber();
        String fourth = caseNumber();

        LiveStream onB = open(portOfB(), memberId, null, streamsOfB());
        produce(caseAssigned(unique("case"), first, taskForceId, memberId));
        await().atMost(PATIENCE).until(() -> onB.notifications().size() == 1);
        SseEvent received = onB.notifications().get(0);
        assertThat(received.data()).contains("Assigned to " + first);
        assertThat(received.id()).isEqualTo("1");

        onB.close();
        await().atMost(PATIENCE).until(() -> streamsOfB().openStreams(memberId) == 0);
        // one after the other: two cases' events travel on different partitions, which the service consumes side
        // by side, so only their order of consumption makes "second" the member's entry 2 and "third" entry 3
        produce(caseAssigned(unique("case"), second, taskForceId, memberId));
        awaitInbox(memberId, 2);
        produce(caseAssigned(unique("case"), third, taskForceId, memberId));
        awaitInbox(memberId, 3);

        LiveStream again = open(portOfB(), memberId, received.id(), streamsOfB());
        await().atMost(PATIENCE).until(() -> again.notifications().size() == 2);
        // one more after the replay shows that nothing of the replay comes twice
        produce(caseAssigned(unique("case"), fourth, taskForceId, memberId));
        await().atMost(PATIENCE).until(() -> again.notifications().size() >= 3);
        assertThat(again.notifications()).extracting(SseEvent::id).containsExactly("2", "3", "4");
        assertThat(again.notifications())
                .extracting(SseEvent::data)
                .satisfiesExactly(
                        data -> assertThat(data).contains(second),
                        data -> assertThat(data).contains(third),
                        data -> assertThat(data).contains(fourth));
        assertThat(again.events()).extracting(SseEvent::event).doesNotContain(NotificationStreams.RELOAD_EVENT);

        // the consuming instance answers a reconnect the same way
        LiveStream onA = open(port, memberId, "2", streams);
        await().atMost(PATIENCE).until(() -> onA.notifications().size() == 2);
        assertThat(onA.notifications()).extracting(SseEvent::id).containsExactly("3", "4");
    }

    @Test
    void aLastEventIdThisServiceNeverGaveAsksTheBrowserToReloadThenStreamsOn() throws Exception {
        String memberId = unique("member");
        String taskForceId = unique("tf");
        memberKnown(memberId, "Ivan Ortiz", null, taskForceId);
        produce(caseAssigned(unique("case"), caseNumber(), taskForceId, memberId));
        awaitInbox(memberId, 1);

        LiveStream stream = open(portOfB(), memberId, "0f8c2d6e-not-a-number", streamsOfB());
        await().atMost(PATIENCE).until(() -> !stream.events().isEmpty());
        String next = caseNumber();
        produce(caseAssigned(unique("case"), next, taskForceId, memberId));
        await().atMost(PATIENCE).until(() -> stream.events().size() == 2);

        assertThat(stream.events()).extracting(SseEvent::event).containsExactly("reload", "notification");
        assertThat(stream.notifications().get(0).id()).isEqualTo("2");
        assertThat(stream.notifications().get(0).data()).contains(next);
    }

    private static int portOfB() {
        return Integer.parseInt(instanceB.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static NotificationStreams streamsOfB() {
        return instanceB.getBean(NotificationStreams.class);
    }

    record SseEvent(String id, String event, String data) {}

    /** A browser's stream: the lines as they come, read into events as an EventSource would. */
    record LiveStream(CompletableFuture<HttpResponse<Stream<String>>> response, List<String> lines)
            implements AutoCloseable {

        List<SseEvent> events() {
            List<SseEvent> events = new ArrayList<>();
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line : List.copyOf(lines)) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new SseEvent(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n'))
                            .append(line.substring(5).trim());
                }
            }
            return events;
        }

        List<SseEvent> notifications() {
            return events().stream()
                    .filter(event -> NotificationStreams.EVENT_NAME.equals(event.event()))
                    .toList();
        }

        @Override
        public void close() {
            response.join().body().close();
        }
    }

    private LiveStream open(int onPort, String memberId, String lastEventId, NotificationStreams instance) {
        int before = instance.openStreams(memberId);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + onPort + "/api/members/" + memberId + "/notifications/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + memberToken(memberId))
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(
                () -> {
                    try {
                        response.join().body().forEach(lines::add);
                    } catch (UncheckedIOException closedByTheTest) {
                        // the test closed the stream, as a browser leaving does
                    }
                },
                "sse-" + memberId);
        reader.setDaemon(true);
        reader.start();
        await().atMost(PATIENCE)
                .until(() -> lines.contains(":connected") && instance.openStreams(memberId) == before + 1);
        return closeAfter(new LiveStream(response, lines));
    }
}
