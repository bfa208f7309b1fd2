package taskforce.notification.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real HTTP server standing in for an agency's webhook endpoint; answers from a script, then 200. */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String id, String timestamp, String signature, String contentType, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch firstAnswerHeld = new CountDownLatch(0);
    private final AtomicBoolean firstSeen = new AtomicBoolean();
    private ExecutorService handlers;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver answering(Integer... statuses) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        receiver.script.addAll(List.of(statuses));
        server.createContext("/hooks", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = exchange.getRequestHeaders();
                receiver.received.add(new Received(
                        first(headers, "webhook-id"),
                        first(headers, "webhook-timestamp"),
                        first(headers, "webhook-signature"),
                        first(headers, "Content-Type"),
                        body));
            }
            if (receiver.firstSeen.compareAndSet(false, true)) {
                awaitQuietly(receiver.firstAnswerHeld);
            }
            Integer status = receiver.script.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        // a thread per request, so that a request held open does not hold up the next one
        receiver.handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(receiver.handlers);
        server.start();
        return receiver;
    }

    /** Holds the answer to the first request until the returned latch is counted down (a receiver busy with it). */
    public CountDownLatch holdFirstAnswer() {
        CountDownLatch release = new CountDownLatch(1);
        firstAnswerHeld = release;
        return release;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst()
                .orElse(null);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
