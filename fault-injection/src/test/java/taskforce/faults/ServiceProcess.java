package taskforce.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service running as a process of its own from its executable jar, as in production: killed with SIGKILL
 * when a test wants a crash, started again with the same arguments. Its output goes to
 * {@code target/fault-injection/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Path log;
    private Process process;

    ServiceProcess(String module, int port, List<String> arguments) {
        this(module, module, port, arguments);
    }

    /** One of several instances of a module, named apart so that each has a log of its own. */
    ServiceProcess(String module, String name, int port, List<String> arguments) {
        this.name = name;
        this.port = port;
        this.command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                executableJar(module).toString(),
                "--server.port=" + port,
                "--spring.main.banner-mode=off"));
        this.command.addAll(arguments);
        this.log = Path.of("target", "fault-injection", name + ".log");
    }

    /**
     * A copy of the jar the reactor built for the module (mvn -B verify builds every module before this one), so
     * that a restart runs the same code even if the module is rebuilt meanwhile.
     */
    static Path executableJar(String module) {
        // one copy per module and run: a second instance must not replace the file the first is running from
        return COPIED_JARS.computeIfAbsent(module, ServiceProcess::copyOfExecutableJar);
    }

    private static final Map<String, Path> COPIED_JARS = new ConcurrentHashMap<>();

    private static Path copyOfExecutableJar(String module) {
        Path target = Path.of("..", module, "target");
        try (Stream<Path> files = Files.list(target)) {
            Path built = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow();
            Path copy = Path.of(
                    "target", "fault-injection", "jars", built.getFileName().toString());
            Files.createDirectories(copy.getParent());
            return Files.copy(built, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "no executable jar in " + target.toAbsolutePath() + "; build it first: mvn -B -DskipTests package",
                    e);
        }
    }

    String url() {
        return "http://localhost:" + port;
    }

    String name() {
        return name;
    }

    ServiceProcess start() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    ServiceProcess awaitHealthy() {
        return awaitUp("/actuator/health");
    }

    /** Ready to take traffic: what a load balancer waits for (read models caught up, for the services). */
    ServiceProcess awaitReady() {
        return awaitUp("/actuator/health/readiness");
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private ServiceProcess awaitUp(String path) {
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    HttpResponse<String> health = HTTP.send(
                            HttpRequest.newBuilder(URI.create(url() + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return health.statusCode() == 200 && health.body().contains("\"UP\"");
                });
        return this;
    }

    /** A crash: SIGKILL, no shutdown hook, nothing flushed. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
