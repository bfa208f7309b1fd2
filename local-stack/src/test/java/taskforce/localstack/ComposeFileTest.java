package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where this project is built, so docker-compose.yml cannot be started here; instead this
 * checks that what it promises matches each service's own configuration: the port it listens on, the two
 * environment variables that configure it, and its own database; and that it exposes nothing it should not: no
 * port of the broker or the store, every published port on the host's loopback, MongoDB behind a password.
 */
class ComposeFileTest {

    static final String LOOPBACK = "127.0.0.1";
    static final String MONGO_USER = "taskforce";
    static final String SAMPLE_SECRET = "s3cret";

    record Service(String name, String database) {}

    static Stream<Service> services() {
        return Stream.of(
                new Service("intake-service", "intake"),
                new Service("case-service", "cases"),
                new Service("notification-service", "notifications"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() throws IOException {
        Path file = Path.of("..", "docker-compose.yml");
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    /** The service's default configuration: the first document of its yml (later ones are profiles). */
    static Map<String, Object> serviceConfig(String name) throws IOException {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/" + name + ".yml")) {
            assertThat(in).as(name + ".yml on the classpath").isNotNull();
            return (Map<String, Object>) new Yaml().loadAll(in).iterator().next();
        }
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> tree, String dotted) {
        Object node = tree;
        for (String part : dotted.split("\\.")) {
            node = node instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(part) : null;
        }
        return node;
    }

    @ParameterizedTest
    @MethodSource("services")
    @SuppressWarnings("unchecked")
    void runsEachServiceOnItsOwnPortWithItsOwnDatabase(Service service) throws IOException {
        Map<String, Object> compose = (Map<String, Object>) compose().get("services");
        Map<String, Object> entry = (Map<String, Object>) compose.get(service.name());
        assertThat(entry).as(service.name() + " in docker-compose.yml").isNotNull();
        Map<String, Object> config = serviceConfig(service.name());

        String port = String.valueOf(path(config, "server.port"));
        assertThat((List<String>) entry.get("ports")).contains(LOOPBACK + ":" + port + ":" + port);

        Map<String, Object> env = (Map<String, Object>) entry.get("environment");
        assertThat(env).containsKeys("SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_MONGODB_URI");
        assertThat(String.valueOf(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))).isEqualTo("kafka:9092");
        Map<String, Object> identity = (Map<String, Object>) compose.get("identity");
        assertThat(String.valueOf(env.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")))
                .as("every service trusts the provider's tokens")
                .isEqualTo(((Map<String, Object>) identity.get("environment")).get("TASKFORCE_IDENTITY_ISSUER"));
        assertThat(path(config, "spring.security.oauth2.resourceserver.jwt.issuer-uri"))
                .as("the service's default issuer is the local provider")
                .isEqualTo("http://localhost:9000");
        URI store = URI.create(interpolated(String.valueOf(env.get("SPRING_MONGODB_URI"))));
        assertThat(store.getPath()).isEqualTo("/" + service.database());
        assertThat(store.getUserInfo())
                .as("the service signs in to the store with the composed account and password")
                .isEqualTo(MONGO_USER + ":" + SAMPLE_SECRET);
        assertThat(store.getQuery()).contains("authSource=admin");

        String defaultUri = String.valueOf(path(config, "spring.mongodb.uri"));
        assertThat(defaultUri).as("the service's own default database").contains("/" + service.database());
        assertThat(path(config, "spring.kafka.bootstrap-servers"))
                .as("bootstrap servers are configured")
                .isNotNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsTheConsoleAgainstTheComposedServicesAndProvider() throws IOException {
        Map<String, Object> compose = (Map<String, Object>) compose().get("services");
        Map<String, Object> console = (Map<String, Object>) compose.get("console");
        assertThat(console).as("console in docker-compose.yml").isNotNull();
        String port = String.valueOf(path(serviceConfig("console"), "server.port"));
        assertThat((List<String>) console.get("ports")).contains(LOOPBACK + ":" + port + ":" + port);

        Map<String, Object> env = (Map<String, Object>) console.get("environment");
        Map<String, Object> identity = (Map<String, Object>) compose.get("identity");
        assertThat(env.get("TASKFORCE_CONSOLE_ISSUER"))
                .isEqualTo(((Map<String, Object>) identity.get("environment")).get("TASKFORCE_IDENTITY_ISSUER"));
        URI sessions = URI.create(interpolated(String.valueOf(env.get("SPRING_MONGODB_URI"))));
        assertThat(sessions.getHost())
                .as("the console's sessions live in the composed store")
                .isEqualTo("mongo");
        assertThat(sessions.getUserInfo())
                .as("the console signs in to the store like the services")
                .isEqualTo(MONGO_USER + ":" + SAMPLE_SECRET);
        for (Service service : services().toList()) {
            String variable = switch (service.name()) {
                case "intake-service" -> "TASKFORCE_CONSOLE_INTAKE_URL";
                case "case-service" -> "TASKFORCE_CONSOLE_CASES_URL";
                default -> "TASKFORCE_CONSOLE_NOTIFICATIONS_URL";
            };
            URI url = URI.create(String.valueOf(env.get(variable)));
            assertThat(url.getHost()).as(variable).isEqualTo(service.name());
            assertThat(url.getPort()).as(variable).isEqualTo(path(serviceConfig(service.name()), "server.port"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesNoPortOfTheBrokerOrTheStore() throws IOException {
        Map<String, Map<String, Object>> compose =
                (Map<String, Map<String, Object>>) compose().get("services");
        for (String inside : List.of("kafka", "mongo")) {
            assertThat(compose.get(inside)).as(inside).doesNotContainKeys("ports", "network_mode");
        }
        Map<String, Object> kafka = (Map<String, Object>) compose.get("kafka").get("environment");
        for (String listener :
                String.valueOf(kafka.get("KAFKA_ADVERTISED_LISTENERS")).split(",")) {
            assertThat(URI.create(listener).getHost())
                    .as("the broker tells clients its name on the compose network only")
                    .isEqualTo("kafka");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesEveryOtherPortOnTheHostsLoopbackOnly() throws IOException {
        Map<String, Map<String, Object>> compose =
                (Map<String, Map<String, Object>>) compose().get("services");
        compose.forEach((name, service) -> {
            for (Object published : (List<Object>) service.getOrDefault("ports", List.of())) {
                String hostAddress = published instanceof Map<?, ?> longForm
                        ? String.valueOf(longForm.get("host_ip"))
                        : String.valueOf(published).split(":")[0];
                assertThat(hostAddress).as(name + " publishes " + published).isEqualTo(LOOPBACK);
            }
        });
        assertThat((List<Object>) compose.get("mail").get("ports"))
                .as("SMTP stays inside the network")
                .noneMatch(published -> String.valueOf(published).endsWith(":1025"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsMongoDbWithAccessControl() throws IOException {
        Map<String, Object> mongo =
                (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get("mongo");
        Map<String, Object> env = (Map<String, Object>) mongo.get("environment");
        assertThat(env).containsEntry("MONGO_INITDB_ROOT_USERNAME", MONGO_USER);
        assertThat(String.valueOf(env.get("MONGO_INITDB_ROOT_PASSWORD")))
                .as("a password compose refuses to start without, never one written here")
                .startsWith("${MONGO_PASSWORD:?");
        assertThat((List<String>) mongo.get("command"))
                .as("a replica set with access control authenticates its members by key file")
                .contains("--keyFile");
    }

    /** Compose's {@code ${NAME}} and {@code ${NAME:?message}}, each replaced by one sample value. */
    static String interpolated(String value) {
        return value.replaceAll("\\$\\{[A-Z_]+(:\\?[^}]*)?}", SAMPLE_SECRET);
    }

    @Test
    @SuppressWarnings("unchecked")
    void pinsEveryImageToAVersion() throws IOException {
        Map<String, Map<String, Object>> compose =
                (Map<String, Map<String, Object>>) compose().get("services");
        assertThat(compose.values()).allSatisfy(service -> {
            String image = String.valueOf(service.get("image"));
            assertThat(image).contains(":").doesNotEndWith(":latest");
        });
        assertThat(compose).containsKeys("kafka", "mongo");
        assertThat((List<String>) compose.get("mongo").get("command")).contains("--replSet");
    }
}
