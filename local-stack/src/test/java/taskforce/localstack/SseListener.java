package taskforce.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A browser tab with the inbox open: reads a Server-Sent Events stream and keeps each data line with its arrival time. */
final class SseListener implements AutoCloseable {

    record Received(String data, Instant at) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    SseListener(String url, Http as) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + as.token())
                .GET()
                .build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> r.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> received.add(new Received(line.substring(5).trim(), Instant.now()))));
    }

    boolean connected() {
        return response.isDone()
                && !response.isCompletedExceptionally()
                && response.join().statusCode() == 200;
    }

    @Override
    public void close() {
        response.cancel(true);
    }
}
