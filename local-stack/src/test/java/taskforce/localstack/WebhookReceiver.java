package taskforce.localstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An agency's webhook endpoint: a real HTTP server that verifies every delivery as a Standard Webhooks
 * receiver would (HMAC-SHA256 over {@code id.timestamp.body} with the base64 key after {@code whsec_}).
 */
final class WebhookReceiver implements AutoCloseable {

    /** {@code receivedNanos}: {@link System#nanoTime()} on arrival, for latency measured on this machine's clock. */
    record Delivery(String webhookId, String timestamp, String body, boolean signatureValid, long receivedNanos) {}

    private final HttpServer server;
    /** Set once the secret is known: a person registers the URL first and is shown the secret after. */
    private volatile byte[] key;

    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /** Told of each delivery as it arrives, after it is listed: a benchmark times arrivals without polling. */
    private volatile Consumer<Delivery> onArrival = delivery -> {};

    WebhookReceiver(String secret) {
        this();
        useSecret(secret);
    }

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            long received = System.nanoTime();
            Delivery delivery = new Delivery(id, timestamp, body, verify(id, timestamp, body, signature), received);
            deliveries.add(delivery);
            onArrival.accept(delivery);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    void onArrival(Consumer<Delivery> listener) {
        this.onArrival = listener;
    }

    void useSecret(String secret) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    private boolean verify(String id, String timestamp, String body, String signatures) {
        if (key == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String expected = "v1,"
                    + Base64.getEncoder()
                            .encodeToString(
                                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            for (String candidate : signatures.split(" ")) {
                if (candidate.equals(expected)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
