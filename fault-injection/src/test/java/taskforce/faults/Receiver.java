package taskforce.faults;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;

/**
 * An agency's webhook endpoint that can be told to fail: answer 500, or hang past the sender's timeout, or work.
 * It keeps every attempt and, per event id, the webhook ids it accepted, so that a duplicate is visible as the
 * receiver sees it: the same webhook id twice is a retry the receiver drops; a second webhook id for one event is
 * a duplicate.
 */
final class Receiver implements AutoCloseable {

    enum Mode {
        HEALTHY,
        FAILING,
        HANGING
    }

    record Accepted(String webhookId, String eventId, String subject, Instant eventTime, Instant receivedAt) {}

    private final HttpServer server;
    private volatile Mode mode = Mode.HEALTHY;
    private volatile CountDownLatch hang = new CountDownLatch(1);
    final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    final Map<String, Integer> attemptsByStatus = new ConcurrentHashMap<>();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Mode now = mode;
            if (now == Mode.HANGING) {
                try {
                    // held open past the sender's read timeout; released when the receiver recovers
                    hang.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                attemptsByStatus.merge("hung", 1, Integer::sum);
                exchange.close();
                return;
            }
            if (now == Mode.FAILING) {
                attemptsByStatus.merge("500", 1, Integer::sum);
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            CloudEvent event = EventCodec.instance().read(new String(body, StandardCharsets.UTF_8));
            accepted.add(new Accepted(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    event.id(),
                    event.subject(),
                    event.time(),
                    Instant.now()));
            attemptsByStatus.merge("204", 1, Integer::sum);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void fail() {
        mode = Mode.FAILING;
    }

    void hang() {
        hang = new CountDownLatch(1);
        mode = Mode.HANGING;
    }

    void recover() {
        mode = Mode.HEALTHY;
        hang.countDown();
    }

    /** Event id to the distinct webhook ids that delivered it. */
    Map<String, java.util.Set<String>> webhookIdsByEvent() {
        return accepted.stream()
                .collect(Collectors.groupingBy(
                        Accepted::eventId, Collectors.mapping(Accepted::webhookId, Collectors.toSet())));
    }

    List<Duration> latencies(Instant from, Instant to) {
        return accepted.stream()
                .filter(a -> !a.eventTime().isBefore(from) && a.eventTime().isBefore(to))
                .map(a -> Duration.between(a.eventTime(), a.receivedAt()))
                .toList();
    }

    @Override
    public void close() {
        hang.countDown();
        server.stop(0);
    }
}
