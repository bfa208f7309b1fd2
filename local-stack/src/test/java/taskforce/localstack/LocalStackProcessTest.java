package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskforce.identity.DemoTokenClient;
import taskforce.infra.FreePorts;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./run-local.sh} as a program: the local stack's main class in a JVM of its own, on ports of its own
 * ({@code -Dtaskforce.local.ports}), started and stopped as a person at a terminal does.
 */
class LocalStackProcessTest {

    private static final Duration START_PATIENCE = Duration.ofMinutes(4);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(15);
    private static final Pattern INTAKE_URL = Pattern.compile("intake-service\\s+(http://\\S+)");
    private static final Pattern IDENTITY_URL = Pattern.compile("identity provider\\s+(http://\\S+)");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    /** The ten ports of {@link LocalStack.Ports}, free now, in its order. */
    private static List<Integer> freePorts() {
        return IntStream.range(0, 10).mapToObj(i -> FreePorts.next()).toList();
    }

    private Process launch(List<Integer> ports, Path log) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dtaskforce.data-dir=" + dir.resolve("data"),
                "-Dtaskforce.local.ports=" + ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
                LocalStackMain.class.getName());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.add(process);
        return process;
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String awaitRunning(Process process, Path log) {
        await().atMost(START_PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive())
                    .as("the stack died while starting:%n%s", tail(read(log)))
                    .isTrue();
            return read(log).contains("is running");
        });
        return read(log);
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static String url(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        assertThat(matcher.find()).as("%s in%n%s", pattern, tail(output)).isTrue();
        return matcher.group(1);
    }

    @Nested
    class AFailedStart {

        private void assertExitsNamingThePort(int portIndex) throws Exception {
            List<Integer> ports = new ArrayList<>(freePorts());
            try (ServerSocket taken = new ServerSocket()) {
                taken.bind(new InetSocketAddress("127.0.0.1", 0));
                ports.set(portIndex, taken.getLocalPort());
                Path log = dir.resolve("start.log");

                Process process = launch(ports, log);

                assertThat(process.waitFor(START_PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .as("the program ends instead of hanging:%n%s", tail(read(log)))
                        .isTrue();
                assertThat(process.exitValue()).isEqualTo(1);
                assertThat(read(log))
                        .contains("The local stack did not start")
                        .contains("port " + taken.getLocalPort());
            }
        }

        @Test
        void exitsWithStatusOneAndAMessageNamingTheStoresPortWhenItIsTaken() throws Exception {
            assertExitsNamingThePort(2);
        }

        @Test
        void exitsTooWhenAServicesPortIsTakenAfterTheBrokerAndTheStoreHaveStarted() throws Exception {
            assertExitsNamingThePort(6);
        }
    }

    @Nested
    class Stopping {

        @Test
        void endsWithin15SecondsOfSigtermMidStreamAndRelaysEveryAcceptedLeadOnTheNextStart() throws Exception {
            List<Integer> ports = freePorts();
            Process first = launch(ports, dir.resolve("first.log"));
            String output = awaitRunning(first, dir.resolve("first.log"));
            String intake = url(INTAKE_URL, output);
            String officer = new DemoTokenClient(url(IDENTITY_URL, output)).forUser("hpd-officer-garza", "demo");

            // a burst of leads, and SIGTERM while intake is still taking them and the relays are sending
            HttpClient http = HttpClient.newHttpClient();
            List<String> accepted = new CopyOnWriteArrayList<>();
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Map<String, Object> lead = WholeStorySystemTest.lead(
                        WholeStorySystemTest.HOUSTON,
                        WholeStorySystemTest.HOUSTON_OFFICER,
                        "STOP-" + run + "-" + i,
                        String.format("(713) 555-%04d", 1000 + i));
                HttpRequest request = HttpRequest.newBuilder(URI.create(intake + "/api/leads"))
                        .header("Authorization", "Bearer " + officer)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "stop-" + run + "-" + i)
                        .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(lead)))
                        .build();
                inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .thenAccept(response -> {
                            if (response.statusCode() == 202) {
                                accepted.add(Http.JSON
                                        .readTree(response.body())
                                        .get("leadId")
                                        .asString());
                            }
                        }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 10);

            Instant signalled = Instant.now();
            first.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs the stack's shutdown hook
            boolean ended = first.waitFor(30, TimeUnit.SECONDS);
            Duration took = Duration.between(signalled, Instant.now());
            inFlight.forEach(future -> future.handle((ok, failed) -> null).join());

            assertThat(ended)
                    .as("ended within 30 s:%n%s", tail(read(dir.resolve("first.log"))))
                    .isTrue();
            assertThat(took)
                    .as("stopping took %s:%n%s", took, tail(read(dir.resolve("first.log"))))
                    .isLessThanOrEqualTo(STOP_LIMIT);

            Process second = launch(ports, dir.resolve("second.log"));
            // the provider's signing key is new after a restart: sign in again
            String officerAgain = new DemoTokenClient(
                            url(IDENTITY_URL, awaitRunning(second, dir.resolve("second.log"))))
                    .forUser("hpd-officer-garza", "demo");
            List<String> notTriaged = new ArrayList<>(accepted);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        notTriaged.removeIf(leadId -> "LINKED".equals(status(http, intake, officerAgain, leadId)));
                        assertThat(notTriaged)
                                .as("accepted leads not yet linked after the restart (of %d)", accepted.size())
                                .isEmpty();
                    });
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        private static String status(HttpClient http, String intake, String token, String leadId) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(intake + "/api/leads/" + leadId))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = Http.JSON.readTree(response.body());
                return body.path("status").asString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
