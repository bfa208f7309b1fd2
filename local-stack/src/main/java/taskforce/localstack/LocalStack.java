package taskforce.localstack;

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

    /** Where and how to run. {@code dataDir} null keeps the store in memory (tests). */
    public record Options(Path dataDir, boolean reset, Ports ports) {

        public static Options forLaptop(Path dataDir, boolean reset) {
            return new Options(dataDir, reset, Ports.STANDARD);
        }

        public static Options forTests() {
            return new Options(null, false, Ports.random());
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

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, String> services = new LinkedHashMap<>();
    private KafkaBroker kafka;
    private EmbeddedMongo mongo;
    private EmbeddedSmtp smtp;
    private String issuer;
    private String consoleUrl;

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

    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(options);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Options options) {
        if (options.dataDir() != null && options.reset()) {
            deleteRecursively(options.dataDir());
        }
        mongo = options.dataDir() == null
                ? EmbeddedMongo.inMemory(options.ports().mongo())
                : EmbeddedMongo.fileBacked(
                        options.dataDir().resolve("mongo").resolve("taskforce.mv"),
                        options.ports().mongo());
        started.add(mongo);
        kafka = options.dataDir() == null
                ? EmbeddedKafka.start()
                : LocalKafkaBroker.start(
                        options.dataDir().resolve("kafka"),
                        options.ports().kafka(),
                        options.ports().kafkaController());
        started.add(kafka);
        smtp = EmbeddedSmtp.start(options.ports().smtp(), options.ports().imap());
        started.add(smtp);

        Ports ports = options.ports();
        issuer = "http://localhost:" + ports.identity();
        ConfigurableApplicationContext identity = IdentityApplication.builder()
                .main(IdentityApplication.class)
                .run(
                        "--server.port=" + ports.identity(),
                        "--server.address=" + bindAddress(),
                        "--taskforce.identity.issuer=" + issuer,
                        // the console's sign-in comes back to the console's real port
                        "--taskforce.identity.console-redirect-uri=http://localhost:" + ports.console()
                                + "/login/oauth2/code/taskforce",
                        // the stack's class path carries the services' libraries; the provider uses none of them
                        "--spring.autoconfigure.exclude=" + String.join(",", SERVICE_ONLY_AUTO_CONFIGURATIONS),
                        "--logging.include-application-name=false",
                        "--spring.main.banner-mode=off");
        started.add(identity::close);
        // case-service first: it owns and seeds the directory the other two read
        startService(
                CaseServiceApplication.NAME,
                CaseServiceApplication.class,
                CaseServiceApplication::builder,
                ports.cases(),
                "cases",
                // a year of demo outcomes beside the demo directory, so that the results page is not empty
                "--taskforce.reports.seed-demo-outcomes=true");
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
        awaitHealthy(issuer, Duration.ofSeconds(90));
        services.values().forEach(url -> awaitHealthy(url, Duration.ofSeconds(90)));
        // last: it reads the provider's discovery document at start, and people use it to reach the services
        ConfigurableApplicationContext console = ConsoleApplication.builder()
                .main(ConsoleApplication.class)
                .run(
                        "--server.port=" + ports.console(),
                        "--server.address=" + bindAddress(),
                        "--taskforce.console.issuer=" + issuer,
                        "--taskforce.console.intake-url=" + intakeUrl(),
                        "--taskforce.console.cases-url=" + casesUrl(),
                        "--taskforce.console.notifications-url=" + notificationsUrl(),
                        // the console is no resource server and keeps no data: the services' libraries stay off
                        "--spring.autoconfigure.exclude=" + String.join(",", SERVICE_ONLY_AUTO_CONFIGURATIONS),
                        "--logging.include-application-name=false",
                        "--spring.main.banner-mode=off");
        started.add(console::close);
        consoleUrl = "http://localhost:" + ports.console();
        awaitHealthy(consoleUrl, Duration.ofSeconds(90));
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
        // named, so its start-up lines say which service starts rather than the JVM's main class
        ConfigurableApplicationContext context = builder.get().main(application).run(args.toArray(String[]::new));
        started.add(context::close);
        services.put(name, "http://localhost:" + port);
    }

    private static void awaitHealthy(String baseUrl, Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
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
        throw new IllegalStateException(baseUrl + " did not report healthy within " + timeout + ": " + last);
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

    /** Stops everything, services first, in reverse order of start. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
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
