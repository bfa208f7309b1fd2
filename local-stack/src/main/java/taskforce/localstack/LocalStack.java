package taskforce.localstack;

import com.mongodb.event.CommandListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import taskforce.cases.CaseServiceApplication;
import taskforce.console.ConsoleApplication;
import taskforce.identity.IdentityApplication;
import taskforce.infra.EmbeddedKafka;
import taskforce.infra.EmbeddedMongo;
import taskforce.infra.EmbeddedSmtp;
import taskforce.infra.FreePorts;
import taskforce.infra.KafkaBroker;
import taskforce.infra.LocalKafkaBroker;
import taskforce.intake.IntakeServiceApplication;
import taskforce.notification.NotificationApplication;

/**
 * The whole system in one JVM: a real Kafka broker, the MongoDB-compatible store, an SMTP server, the identity
 * provider, the three services and the web console, each service a Spring application of its own that gets nothing but a bootstrap address, a MongoDB
 * URI (its own database) and, for notifications, an SMTP host, exactly as in production.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * Where and how to run. {@code dataDir} null keeps the store in memory (tests). {@code storeCommands}, if not
     * null, hears every command each service sends the store (tests that look for collection scans or count writes);
     * {@code serviceArguments} are added to every service's command line (a benchmark's raised rate limit).
     */
    public record Options(
            Path dataDir, boolean reset, Ports ports, CommandListener storeCommands, List<String> serviceArguments) {

        public Options(Path dataDir, boolean reset, Ports ports) {
            this(dataDir, reset, ports, null, List.of());
        }

        public static Options forLaptop(Path dataDir, boolean reset) {
            return new Options(dataDir, reset, Ports.STANDARD);
        }

        public static Options forTests() {
            return new Options(null, false, Ports.random());
        }

        public Options recordingStoreCommands(CommandListener listener) {
            return new Options(dataDir, reset, ports, listener, serviceArguments);
        }

        public Options withServiceArguments(String... arguments) {
            List<String> all = new ArrayList<>(serviceArguments);
            all.addAll(List.of(arguments));
            return new Options(dataDir, reset, ports, storeCommands, List.copyOf(all));
        }
    }

    public record Ports(
            int kafka,
            int kafkaController,
            int mongo,
            int smtp,
            int imap,
            int identity,
            int intake,
            int cases,
            int notifications,
            int console) {

        public static final Ports STANDARD = new Ports(9092, 9093, 27017, 3025, 3143, 9000, 8081, 8082, 8083, 8080);

        public static Ports random() {
            return new Ports(
                    0,
                    0,
                    0,
                    0,
                    0,
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next());
        }

        /** Free ports for everything, the broker's included: the laptop's setup, away from the standard ports. */
        public static Ports free() {
            return new Ports(
                    FreePorts.next(),
                    FreePorts.next(),
                    0,
                    0,
                    0,
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next(),
                    FreePorts.next());
        }
    }

    private static final List<String> SERVICE_ONLY_AUTO_CONFIGURATIONS = List.of(
            "taskforce.platform.PlatformAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
            "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
            "org.springframework.boot.data.mongodb.autoconfigure.DataMongoRepositoriesAutoConfiguration",
            "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration",
            "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
            "org.springframework.boot.mail.autoconfigure.MailHealthContributorAutoConfiguration");

    private static final List<String> CONSOLE_EXCLUDED_AUTO_CONFIGURATIONS = SERVICE_ONLY_AUTO_CONFIGURATIONS.stream()
            .filter(name -> !name.contains(".mongodb."))
            .toList();

    /** Something started, named for the messages of stopping it. */
    private record Part(String name, AutoCloseable closeable, boolean infrastructure) {}

    private final List<Part> started = new ArrayList<>();
    private final Map<String, String> services = new LinkedHashMap<>();
    private KafkaBroker kafka;
    private EmbeddedMongo mongo;
    private EmbeddedSmtp smtp;
    private String issuer;
    private String consoleUrl;
    private Options options;

    private LocalStack() {}

    /** {@code -Dtaskforce.bind-address=…} or {@code TASKFORCE_BIND_ADDRESS}: where the HTTP servers listen. */
    public static final String BIND_ADDRESS_PROPERTY = "taskforce.bind-address";

    public static final String BIND_ADDRESS_VARIABLE = "TASKFORCE_BIND_ADDRESS";

    /**
     * The address the console, the identity provider and the services listen on: 127.0.0.1 unless asked otherwise,
     * since the demo users share one password and the stack is for one laptop. The store, the broker and SMTP, which
     * ask for no password at all, always stay on the loopback interface.
     */
    public static String bindAddress() {
        String asked = System.getProperty(BIND_ADDRESS_PROPERTY, System.getenv(BIND_ADDRESS_VARIABLE));
        return asked == null || asked.isBlank() ? "127.0.0.1" : asked.trim();
    }

    /**
     * Starts everything or nothing: a part that fails to start stops what had started and is reported as an
     * {@link IllegalStateException} naming the part and its port. Every exception counts, also the checked ones
     * servers throw without declaring them (a taken port's {@code BindException}).
     */
    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(options);
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e instanceof IllegalStateException failed ? failed : new IllegalStateException(e.toString(), e);
        }
    }

    /** Runs one start step; its failure names what was starting, on which port. */
    private static <T> T starting(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (Exception e) {
            throw new IllegalStateException(what + " did not start: " + rootCause(e), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getMessage() + " (" + root + ")";
    }

    private static String port(int port) {
        return port == 0 ? "a free port" : "port " + port;
    }

    private void startAll(Options options) {
        if (options.dataDir() != null && options.reset()) {
            deleteRecursively(options.dataDir());
        }
        Ports ports = options.ports();
        this.options = options;
        mongo = starting(
                "the MongoDB-compatible store on " + port(ports.mongo()),
                () -> options.dataDir() == null
                        ? EmbeddedMongo.inMemory(ports.mongo())
                        : EmbeddedMongo.fileBacked(
                                options.dataDir().resolve("mongo").resolve("taskforce.mv"), ports.mongo()));
        started.add(new Part("the store", mongo, true));
        kafka = starting(
                "the Kafka broker on " + port(ports.kafka()) + " (controller " + port(ports.kafkaController()) + ")",
                () -> options.dataDir() == null
                        ? EmbeddedKafka.start()
                        : LocalKafkaBroker.start(
                                options.dataDir().resolve("kafka"), ports.kafka(), ports.kafkaController()));
        started.add(new Part("the broker", kafka, true));
        smtp = starting(
                "the SMTP server on " + port(ports.smtp()) + " (IMAP " + port(ports.imap()) + ")",
                () -> EmbeddedSmtp.start(ports.smtp(), ports.imap()));
        started.add(new Part("the SMTP server", smtp, true));

        issuer = "http://localhost:" + ports.identity();
        ConfigurableApplicationContext identity = starting(
                "the identity provider on " + port(ports.identity()),
                () -> IdentityApplication.builder()
                        .main(IdentityApplication.class)
                        // stopping is ours (close()), within a deadline; Boot's own hook would wait without one
                        .registerShutdownHook(false)
                        .run(
                                "--server.port=" + ports.identity(),
                                "--server.address=" + bindAddress(),
                                "--taskforce.identity.issuer=" + issuer,
                                // the console's sign-in comes back to the console's real port
                                "--taskforce.identity.console-redirect-uri=http://localhost:" + ports.console()
                                        + "/login/oauth2/code/taskforce",
                                // the stack's class path carries the services' libraries; the provider uses none of
                                // them
                                "--spring.autoconfigure.exclude=" + String.join(",", SERVICE_ONLY_AUTO_CONFIGURATIONS),
                                "--logging.include-application-name=false",
                                "--spring.main.banner-mode=off"));
        started.add(new Part("the identity provider", identity::close, false));
        // case-service first: it owns and seeds the directory the other two read
        startService(
                CaseServiceApplication.NAME,
                CaseServiceApplication.class,
                CaseServiceApplication::builder,
                ports.cases(),
                "cases",
                // the demo directory and a year of demo outcomes, which production never seeds
                "--spring.profiles.include=demo");
        startService(
                IntakeServiceApplication.NAME,
                IntakeServiceApplication.class,
                IntakeServiceApplication::builder,
                ports.intake(),
                "intake");
        startService(
                NotificationApplication.NAME,
                NotificationApplication.class,
                NotificationApplication::builder,
                ports.notifications(),
                "notifications",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtp.smtpPort());
        awaitHealthy(issuer, "/actuator/health", Duration.ofSeconds(90));
        // ready, not merely up: their read models have caught up with the directory (ReadModelCatchUp)
        services.values().forEach(url -> awaitHealthy(url, "/actuator/health/readiness", Duration.ofSeconds(90)));
        // last: it reads the provider's discovery document at start, and people use it to reach the services
        ConfigurableApplicationContext console = starting(
                "the console on " + port(ports.console()),
                () -> ConsoleApplication.builder()
                        .main(ConsoleApplication.class)
                        .registerShutdownHook(false)
                        .run(
                                "--server.port=" + ports.console(),
                                "--server.address=" + bindAddress(),
                                "--taskforce.console.issuer=" + issuer,
                                "--taskforce.console.intake-url=" + intakeUrl(),
                                "--taskforce.console.cases-url=" + casesUrl(),
                                "--taskforce.console.notifications-url=" + notificationsUrl(),
                                // its sessions live in the store, so that several consoles can serve one person
                                "--spring.mongodb.uri=" + mongo.uri("console"),
                                // the console is no resource server: of the services' libraries it uses MongoDB's only
                                "--spring.autoconfigure.exclude="
                                        + String.join(",", CONSOLE_EXCLUDED_AUTO_CONFIGURATIONS),
                                "--logging.include-application-name=false",
                                "--spring.main.banner-mode=off"));
        started.add(new Part("the console", console::close, false));
        consoleUrl = "http://localhost:" + ports.console();
        awaitHealthy(consoleUrl, "/actuator/health", Duration.ofSeconds(90));
    }

    private void startService(
            String name,
            Class<?> application,
            Supplier<SpringApplicationBuilder> builder,
            int port,
            String database,
            String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=" + bindAddress(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.mongodb.uri=" + mongo.uri(database),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                // one JVM has one logging system, which would label every line with the first service's name
                "--logging.include-application-name=false",
                "--spring.main.banner-mode=off",
                // what only a laptop may do, such as webhooks to receivers on this machine over http
                "--spring.profiles.active=local"));
        args.addAll(List.of(extraArgs));
        args.addAll(options.serviceArguments());
        CommandListener listener = options.storeCommands();
        // named, so its start-up lines say which service starts rather than the JVM's main class
        ConfigurableApplicationContext context = starting(name + " on " + port(port), () -> {
            SpringApplicationBuilder service = builder.get().main(application).registerShutdownHook(false);
            if (listener != null) {
                // before the MongoClient is built, so that its very first command (index declarations) is heard
                service.initializers(initializing -> initializing
                        .getBeanFactory()
                        .registerSingleton("storeCommandListener", (MongoClientSettingsBuilderCustomizer)
                                settings -> settings.addCommandListener(listener)));
            }
            return service.run(args.toArray(String[]::new));
        });
        started.add(new Part(name, context::close, false));
        services.put(name, "http://localhost:" + port);
    }

    private static void awaitHealthy(String baseUrl, String path, Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + baseUrl, e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + baseUrl, e);
            }
        }
        throw new IllegalStateException(baseUrl + path + " did not report UP within " + timeout + ": " + last);
    }

    /** The web console people sign in to; open it at {@code localhost} (the provider redirects there). */
    public String consoleUrl() {
        return consoleUrl;
    }

    /** The identity provider, which is also the issuer every service trusts. */
    public String identityUrl() {
        return issuer;
    }

    public String intakeUrl() {
        return services.get(IntakeServiceApplication.NAME);
    }

    public String casesUrl() {
        return services.get(CaseServiceApplication.NAME);
    }

    public String notificationsUrl() {
        return services.get(NotificationApplication.NAME);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String mongoUri() {
        return mongo.uri("");
    }

    public EmbeddedSmtp smtp() {
        return smtp;
    }

    /** Stops everything within {@link #STOP_BUDGET}; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(STOP_BUDGET);
    }

    /** How long stopping may take: Ctrl-C must end the program within 15 s whatever is pending. */
    public static final Duration STOP_BUDGET = Duration.ofSeconds(10);

    /**
     * Stops the applications (console, services, identity provider) all at once, then the SMTP server, the broker
     * and last the store, which flushes its file. What an application has not finished by its share of the budget
     * is left behind: everything accepted is already in the store (each state change and its outbox entries are
     * one write), and the outbox relays on the next start what was not sent.
     */
    public void close(Duration budget) {
        Instant deadline = Instant.now().plus(budget);
        List<Part> infrastructure = new ArrayList<>();
        List<Part> applications = new ArrayList<>();
        for (Part part : started) {
            (part.infrastructure() ? infrastructure : applications).add(part);
        }
        started.clear();
        // the applications get most of the budget, the broker and the store what is left
        stopAll(applications, deadline.minus(budget.dividedBy(4)));
        for (int i = infrastructure.size() - 1; i >= 0; i--) {
            Part part = infrastructure.get(i);
            // the store is last and always gets a moment: an unflushed file would lose what was accepted
            stopAll(List.of(part), part.closeable() == mongo ? deadline.plusSeconds(2) : deadline);
        }
    }

    private static void stopAll(List<Part> parts, Instant deadline) {
        List<Thread> stopping = new ArrayList<>();
        for (Part part : parts) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            part.closeable().close();
                        } catch (Exception e) {
                            System.err.println("while stopping " + part.name() + ": " + e);
                        }
                    },
                    part.name());
            // a part that hangs must not keep the JVM alive
            thread.setDaemon(true);
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                System.err.println("gave up waiting for " + thread.getName() + "; what it had pending is relayed"
                        + " on the next start");
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
