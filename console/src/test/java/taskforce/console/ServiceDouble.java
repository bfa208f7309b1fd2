package taskforce.console;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for the three services: it answers each {@code METHOD path} with a canned JSON
 * body and records what the console sent, the Authorization header above all. The console's own code is not
 * replaced by anything; only what lies beyond its HTTP calls is.
 */
final class ServiceDouble implements AutoCloseable {

    record Call(
            String method,
            String pathAndQuery,
            String authorization,
            String forwardedFor,
            String lastEventId,
            String body) {}

    record Answer(int status, String contentType, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();

    ServiceDouble() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            calls.add(new Call(
                    method,
                    query == null ? path : path + "?" + query,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Forwarded-For"),
                    exchange.getRequestHeaders().getFirst("Last-Event-ID"),
                    body));
            Answer answer = answers.getOrDefault(
                    method + " " + path,
                    new Answer(404, "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    void answer(String methodAndPath, int status, String json) {
        answers.put(
                methodAndPath,
                new Answer(status, status >= 400 ? "application/problem+json" : "application/json", json));
    }

    /** Answers {@code METHOD path} with the body as given, of the given content type. */
    void answer(String methodAndPath, String contentType, String body) {
        answers.put(methodAndPath, new Answer(200, contentType, body));
    }

    /** Back to the 404 of a path never answered. */
    void forget(String methodAndPath) {
        answers.remove(methodAndPath);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> callsTo(String methodAndPathPrefix) {
        return calls.stream()
                .filter(call -> (call.method() + " " + call.pathAndQuery()).startsWith(methodAndPathPrefix))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
