package taskforce.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A member's browser tab on the live stream (Server-Sent Events), as {@code EventSource} behaves: when the stream
 * ends it connects again, sending {@code Last-Event-ID} with the last id it saw, so that a service that replays
 * can fill the gap. It keeps the notifications it received.
 */
final class LiveStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** The name notification-service gives inbox entries on the stream (its NotificationStreams.EVENT_NAME). */
    private static final String EVENT_NAME = "notification";

    private final String url;
    private final String token;
    private final ScheduledExecutorService connections = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile InputStream current;
    private volatile boolean closed;
    private volatile String lastEventId;
    final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

    LiveStream(String url, String token) {
        this.url = url;
        this.token = token;
    }

    LiveStream open() {
        connections.execute(this::connectAndRead);
        return this;
    }

    /** How many times a stream was opened with status 200: more than one means it reconnected. */
    int opened() {
        return opened.get();
    }

    /** The case ids of the received notifications of this event type, one per notification. */
    List<String> caseIdsOf(String eventType) {
        return notifications.stream()
                .filter(n -> eventType.equals(n.path("eventType").asString()))
                .map(n -> n.path("caseId").asString())
                .toList();
    }

    private void connectAndRead() {
        if (closed) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            current = response.body();
            if (response.statusCode() == 200) {
                opened.incrementAndGet();
                read(response.body());
            } else {
                response.body().close();
            }
        } catch (IOException ended) {
            // the instance went away or the stream was closed: as a browser, connect again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!closed) {
            connections.schedule(this::connectAndRead, 500, TimeUnit.MILLISECONDS);
        }
    }

    private void read(InputStream body) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (EVENT_NAME.equals(event) && !data.isEmpty()) {
                        notifications.add(Api.JSON.readTree(data.toString()));
                        if (id != null) {
                            lastEventId = id;
                        }
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        InputStream open = current;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        connections.shutdownNow();
    }
}
