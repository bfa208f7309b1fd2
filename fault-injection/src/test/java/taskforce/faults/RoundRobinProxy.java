package taskforce.faults;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load balancer as production puts in front of each service: request by request, round robin, no stickiness,
 * over the instances whose {@code /actuator/health/readiness} answers UP (polled), so a new or restarted instance
 * gets traffic only once it says it is ready. Responses are streamed as they come, so Server-Sent Events pass
 * through live; the Host header is kept, so redirects and OAuth2 callbacks name the proxy, as behind a real one.
 *
 * <p>A request is sent to a second instance only when the first refused the connection: then it never arrived.
 * Any other failure is answered 502, since the instance may have acted on the request, and sending it again is
 * the client's decision (under its Idempotency-Key), not the proxy's.
 *
 * <p>Needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} (fault-injection's surefire argLine) to keep Host.
 */
final class RoundRobinProxy implements AutoCloseable {

    /** Hop-by-hop headers (RFC 9110 section 7.6.1) and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length",
            "expect");

    private final String name;
    private final List<String> instances;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong retriedAfterRefusal = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clientThreads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(clientThreads)
            .build();
    // a client of its own, so that a pooled connection of a readiness poll is never the one a request is sent on
    private final HttpClient readinessClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(clientThreads)
            .build();

    /**
     * @param instances base URLs ({@code http://localhost:1234}) of the instances behind this proxy
     * @param pollInterval how often readiness is asked; a real load balancer asks every few seconds
     */
    RoundRobinProxy(String name, List<String> instances, Duration pollInterval) {
        this.name = name;
        this.instances = List.copyOf(instances);
        this.instances.forEach(instance -> served.put(instance, new AtomicLong()));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the " + name + " proxy", e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::forward);
        pollReadiness();
        poller.scheduleWithFixedDelay(
                this::pollReadiness, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        server.start();
    }

    /** The address clients use, with {@code localhost} as the host name people type. */
    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The instances now taking requests. */
    Set<String> ready() {
        return Set.copyOf(ready);
    }

    /** How many requests each instance was sent. */
    Map<String, Long> servedByInstance() {
        Map<String, Long> counts = new LinkedHashMap<>();
        instances.forEach(instance -> counts.put(instance, served.get(instance).get()));
        return counts;
    }

    long retriedAfterRefusal() {
        return retriedAfterRefusal.get();
    }

    private void pollReadiness() {
        for (String instance : instances) {
            try {
                HttpResponse<String> readiness = readinessClient.send(
                        HttpRequest.newBuilder(URI.create(instance + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (readiness.statusCode() == 200 && readiness.body().contains("\"UP\"")) {
                    ready.add(instance);
                } else {
                    ready.remove(instance);
                }
            } catch (IOException unreachable) {
                ready.remove(instance);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<String> candidates = inTurn();
            for (String instance : candidates) {
                HttpResponse<InputStream> response;
                try {
                    response =
                            client.send(request(exchange, instance, body), HttpResponse.BodyHandlers.ofInputStream());
                } catch (ConnectException refused) {
                    // it never got the request: the next instance may have it, and readiness is asked again soon
                    ready.remove(instance);
                    retriedAfterRefusal.incrementAndGet();
                    continue;
                } catch (IOException failed) {
                    answer(exchange, 502, name + " instance " + instance + " failed: " + failed);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                served.get(instance).incrementAndGet();
                relay(exchange, response);
                return;
            }
            answer(exchange, 503, "no " + name + " instance is ready");
        }
    }

    /** The ready instances, starting with the one whose turn it is; every instance when none is known ready. */
    private List<String> inTurn() {
        List<String> now = instances.stream().filter(ready::contains).toList();
        if (now.isEmpty()) {
            return instances;
        }
        int first = (int) (next.getAndIncrement() % now.size());
        List<String> order = new ArrayList<>(now.size());
        for (int i = 0; i < now.size(); i++) {
            order.add(now.get((first + i) % now.size()));
        }
        return order;
    }

    private static HttpRequest request(HttpExchange exchange, String instance, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(instance + exchange.getRequestURI().toString()))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((header, values) -> {
            if (!NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(header, value));
            }
        });
        return request.build();
    }

    /** Status, headers, then the body as it arrives, flushed after every read so a stream's events are not held. */
    private static void relay(HttpExchange exchange, HttpResponse<InputStream> response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().map().forEach((header, values) -> {
            if (!NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT))) {
                headers.put(header, values);
            }
        });
        long length = response.headers().firstValueAsLong("content-length").orElse(-1);
        boolean noBody = exchange.getRequestMethod().equals("HEAD")
                || response.statusCode() == 204
                || response.statusCode() == 304
                || length == 0;
        // 0 asks the JDK server for chunked encoding, -1 for no body at all
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : length > 0 ? length : 0);
        try (InputStream in = response.body();
                OutputStream out = exchange.getResponseBody()) {
            if (noBody) {
                return;
            }
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String detail) throws IOException {
        String title = status == 502 ? "Bad gateway" : "Service unavailable";
        byte[] problem = ("{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, problem.length);
        exchange.getResponseBody().write(problem);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
        clientThreads.shutdownNow();
    }
}
