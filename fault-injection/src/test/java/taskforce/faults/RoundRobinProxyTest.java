package taskforce.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scale-out suite's load balancer against real HTTP servers in the instances' place. */
class RoundRobinProxyTest {

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void takesTurnsBetweenTheReadyInstancesRequestByRequest() throws Exception {
        Instance a = instance("a");
        Instance b = instance("b");
        RoundRobinProxy proxy = proxy(List.of(a.url(), b.url()), Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.ready().size() == 2);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(get(proxy.url() + "/who").body());
        }

        assertThat(answers).containsOnly("a", "b");
        assertThat(answers).filteredOn("a"::equals).hasSize(3);
        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i))
                    .as("answer %d follows the other instance", i)
                    .isNotEqualTo(answers.get(i - 1));
        }
    }

    @Test
    void sendsNothingToAnInstanceUntilItSaysItIsReady() throws Exception {
        Instance a = instance("a");
        Instance b = instance("b");
        b.ready = false;
        RoundRobinProxy proxy = proxy(List.of(a.url(), b.url()), Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.ready().equals(java.util.Set.of(a.url())));

        for (int i = 0; i < 4; i++) {
            assertThat(get(proxy.url() + "/who").body()).isEqualTo("a");
        }

        b.ready = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.ready().size() == 2);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get(proxy.url() + "/who").body());
        }
        assertThat(answers).contains("b");
    }

    @Test
    void sendsARequestToTheNextInstanceWhenTheConnectionIsRefused() throws Exception {
        Instance a = instance("a");
        Instance b = instance("b");
        // readiness asked rarely, so the proxy still believes b is there when it has gone
        RoundRobinProxy proxy = proxy(List.of(a.url(), b.url()), Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.ready().size() == 2);
        b.close();

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = post(proxy.url() + "/who", "{\"n\":" + i + "}");
            assertThat(answer.statusCode()).isEqualTo(200);
            answers.add(answer.body());
        }

        assertThat(answers).containsOnly("a");
        assertThat(a.bodies).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(proxy.retriedAfterRefusal()).isEqualTo(1);
    }

    @Test
    void answersAProblemWhenNoInstanceIsThere() throws Exception {
        Instance a = instance("a");
        RoundRobinProxy proxy = proxy(List.of(a.url()), Duration.ofMinutes(5));
        a.close();

        HttpResponse<String> answer = get(proxy.url() + "/who");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answer.body()).contains("no test instance is ready");
    }

    @Test
    void keepsTheHostHeaderTheClientSent() throws Exception {
        Instance a = instance("a");
        RoundRobinProxy proxy = proxy(List.of(a.url()), Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.ready().size() == 1);

        get(proxy.url() + "/who");

        assertThat(a.hosts).containsExactly(URI.create(proxy.url()).getAuthority());
    }

    @Test
    void passesRedirectsAndEveryCookieBackUntouched() throws Exception {
        Instance a = instance("a");
        RoundRobinProxy proxy = proxy(List.of(a.url()), Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.ready().size() == 1);

        HttpResponse<String> answer = get(proxy.url() + "/redirect");

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).contains("/elsewhere");
        assertThat(answer.headers().allValues("Set-Cookie")).containsExactlyInAnyOrder("one=1", "two=2");
    }

    @Test
    void streamsEventsAsTheyComeInsteadOfWaitingForTheEnd() throws Exception {
        Instance a = instance("a");
        RoundRobinProxy proxy = proxy(List.of(a.url()), Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.ready().size() == 1);

        HttpResponse<InputStream> stream = client.send(
                HttpRequest.newBuilder(URI.create(proxy.url() + "/stream"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            // the instance holds the stream open until the first event has reached the client
            assertThat(events.readLine()).isEqualTo("data: first");
            a.firstEventReceived.countDown();
            assertThat(events.readLine()).isEmpty();
            assertThat(events.readLine()).isEqualTo("data: second");
        }
        assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream");
    }

    private RoundRobinProxy proxy(List<String> instances, Duration pollInterval) {
        RoundRobinProxy proxy = new RoundRobinProxy("test", instances, pollInterval);
        opened.add(0, proxy);
        return proxy;
    }

    private Instance instance(String name) {
        Instance instance = new Instance(name);
        opened.add(instance);
        return instance;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An instance behind the proxy: answers its name, reports readiness as told, streams two events. */
    static final class Instance implements AutoCloseable {
        final HttpServer server;
        final List<String> hosts = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final CountDownLatch firstEventReceived = new CountDownLatch(1);
        volatile boolean ready = true;

        Instance(String name) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/actuator/health/readiness", exchange -> {
                byte[] status = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(ready ? 200 : 503, status.length);
                exchange.getResponseBody().write(status);
                exchange.close();
            });
            server.createContext("/who", exchange -> {
                hosts.add(exchange.getRequestHeaders().getFirst("Host"));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (!body.isEmpty()) {
                    bodies.add(body);
                }
                byte[] answer = name.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.createContext("/redirect", exchange -> {
                exchange.getResponseHeaders().set("Location", "/elsewhere");
                exchange.getResponseHeaders().add("Set-Cookie", "one=1");
                exchange.getResponseHeaders().add("Set-Cookie", "two=2");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            server.createContext("/stream", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (!firstEventReceived.await(10, TimeUnit.SECONDS)) {
                        return;
                    }
                    out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
