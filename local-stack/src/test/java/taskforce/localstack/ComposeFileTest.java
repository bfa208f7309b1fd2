package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where this project is built, so docker-compose.yml cannot be started here; instead this
 * reads it (anchors and merge keys resolved, as compose does) together with the proxy's configuration and each
 * service's own configuration, and checks what a broken deployment would get wrong: an address that names no
 * service or the wrong port, a single broker or store member, replication that one lost broker breaks, data
 * without a volume, a container without a health check or restart policy, a service the proxy does not balance
 * over two ready instances, a sign-out page a host browser cannot reach, and anything exposed that should not be.
 */
class ComposeFileTest {

    static final String LOOPBACK = "127.0.0.1";
    static final String MONGO_USER = "taskforce";
    static final String SAMPLE_SECRET = "s3cret";
    static final int MONGO_PORT = 27017;

    /** A jar-run module of this project and the database it owns (none for the console's sessions store). */
    record Module(String name, String database) {}

    static Stream<Module> services() {
        return Stream.of(
                new Module("intake-service", "intake"),
                new Module("case-service", "cases"),
                new Module("notification-service", "notifications"));
    }

    static Stream<String> balancedModules() {
        return Stream.of("intake-service", "case-service", "notification-service", "console");
    }

    static Map<String, Map<String, Object>> compose;
    static Map<String, Object> volumes;
    static Proxy proxy;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("..", "docker-compose.yml"))) {
            Map<String, Object> file = new Yaml().load(in);
            compose = (Map<String, Map<String, Object>>) file.get("services");
            volumes = (Map<String, Object>) file.getOrDefault("volumes", Map.of());
        }
        proxy = Proxy.read(Path.of("..", "deploy", "haproxy.cfg"));
    }

    @SuppressWarnings("unchecked")
    /** The module's default configuration: the first document of its yml (later ones are profiles). */
    static Map<String, Object> moduleConfig(String name) {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/" + name + ".yml")) {
            assertThat(in).as(name + ".yml on the classpath").isNotNull();
            return (Map<String, Object>) new Yaml().loadAll(in).iterator().next();
        } catch (IOException e) {
            throw new IllegalStateException(e);
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(String service) {
        return (Map<String, Object>) compose.get(service).getOrDefault("environment", Map.of());
    }

    static String env(String service, String variable) {
        return String.valueOf(environment(service).get(variable));
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Map<String, Object> service, String key) {
        return ((List<Object>) service.getOrDefault(key, List.of()))
                .stream().map(String::valueOf).toList();
    }

    static String image(String service) {
        return String.valueOf(compose.get(service).get("image"));
    }

    /** The project module whose jar the container runs, or null for a third-party image. */
    static String module(String service) {
        Pattern jar = Pattern.compile("\\./([a-z-]+)/target/\\1-[^:]+\\.jar:/app/app\\.jar.*");
        return list(compose.get(service), "volumes").stream()
                .map(jar::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .findFirst()
                .orElse(null);
    }

    static List<String> instancesOf(String module) {
        return compose.keySet().stream().filter(s -> module.equals(module(s))).toList();
    }

    static List<String> withImage(String prefix) {
        return compose.keySet().stream()
                .filter(s -> image(s).startsWith(prefix))
                .toList();
    }

    static List<String> brokers() {
        return withImage("apache/kafka:");
    }

    static List<String> storeMembers() {
        return compose.keySet().stream()
                .filter(s -> image(s).startsWith("mongo:")
                        && list(compose.get(s), "command").contains("--replSet"))
                .toList();
    }

    /** The ports a service's container listens on, from whatever configures it. */
    static Set<Integer> listensOn(String service) {
        Set<Integer> ports = new TreeSet<>();
        String module = module(service);
        if (module != null) {
            ports.add(Integer.valueOf(String.valueOf(path(moduleConfig(module), "server.port"))));
        }
        if (brokers().contains(service)) {
            Matcher port = Pattern.compile(":(\\d+)").matcher(env(service, "KAFKA_LISTENERS"));
            while (port.find()) {
                ports.add(Integer.valueOf(port.group(1)));
            }
        }
        if (storeMembers().contains(service)) {
            ports.add(MONGO_PORT);
        }
        if (image(service).startsWith("axllent/mailpit:")) {
            ports.addAll(List.of(1025, 8025));
        }
        if (image(service).startsWith("haproxy:")) {
            ports.addAll(proxy.frontendPorts().values());
        }
        return ports;
    }

    /** host → container port of every port published on the host, with the service publishing it. */
    static Map<Integer, String> publishedOnTheHost() {
        Map<Integer, String> published = new LinkedHashMap<>();
        compose.forEach((name, service) -> {
            for (String port : list(service, "ports")) {
                String[] parts = port.split(":");
                published.put(Integer.valueOf(parts[1]), name);
            }
        });
        return published;
    }

    /** Compose's {@code ${NAME}} and {@code ${NAME:?message}}, each replaced by one sample value. */
    static String interpolated(String value) {
        return value.replaceAll("\\$\\{[A-Z_]+(:\\?[^}]*)?}", SAMPLE_SECRET);
    }

    /** A MongoDB connection string with several hosts, which {@link URI} does not take apart. */
    record StoreUri(String account, Set<String> hosts, String database, String options) {

        static StoreUri of(String composed) {
            Matcher uri =
                    Pattern.compile("mongodb://([^@]+)@([^/]+)/([^?]+)\\?(.*)").matcher(interpolated(composed));
            assertThat(uri.matches()).as(composed).isTrue();
            return new StoreUri(uri.group(1), Set.of(uri.group(2).split(",")), uri.group(3), uri.group(4));
        }
    }

    static final Pattern ADDRESS = Pattern.compile("(?:[a-z]+://)?(?:[^@/\\s,]+@)?([a-z][a-z0-9-]*):(\\d+)");

    @Nested
    class EveryAddressAServiceIsGiven {

        @Test
        void namesAServiceOfThisFileOnAPortItListensOn() {
            List<String> wrong = new ArrayList<>();
            List<String> checked = new ArrayList<>();
            compose.keySet()
                    .forEach(service -> environment(service).forEach((variable, value) -> {
                        Matcher address = ADDRESS.matcher(interpolated(String.valueOf(value)));
                        while (address.find()) {
                            String host = address.group(1);
                            int port = Integer.parseInt(address.group(2));
                            checked.add(service + " " + variable + " " + host + ":" + port);
                            boolean reachable = "localhost".equals(host)
                                    ? publishedOnTheHost().containsKey(port)
                                    : compose.containsKey(host)
                                            && listensOn(host).contains(port);
                            if (!reachable) {
                                wrong.add(service + " " + variable + " → " + host + ":" + port);
                            }
                        }
                        if (variable.endsWith("_HOST") && !compose.containsKey(String.valueOf(value))) {
                            wrong.add(service + " " + variable + " → " + value);
                        }
                    }));
            assertThat(checked).as("addresses read from the file").hasSizeGreaterThan(20);
            assertThat(wrong).as("addresses that reach nothing").isEmpty();
        }

        @Test
        void onTheHostOnlyWhereABrowserFollowsIt() {
            compose.keySet()
                    .forEach(service -> environment(service).forEach((variable, value) -> {
                        if (String.valueOf(value).contains("//localhost")) {
                            assertThat(variable)
                                    .as(service + ": a container reaches nothing at localhost")
                                    .startsWith("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_");
                        }
                    }));
        }

        @Test
        void letsAHostBrowserSignInAndOutAtTheProvidersPublishedPort() {
            for (String console : instancesOf("console")) {
                URI signIn =
                        URI.create(env(console, "SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_TASKFORCE_AUTHORIZATION_URI"));
                assertThat(signIn.getHost()).isEqualTo("localhost");
                assertThat(publishedOnTheHost().get(signIn.getPort()))
                        .as("the port a browser signs in (and so signs out, SignOutAtTheProvider) at")
                        .isEqualTo("identity");
                assertThat(env(console, "TASKFORCE_CONSOLE_ISSUER"))
                        .isEqualTo(env("identity", "TASKFORCE_IDENTITY_ISSUER"));
            }
        }
    }

    @Nested
    class EachService {

        @ParameterizedTest
        @MethodSource("taskforce.localstack.ComposeFileTest#services")
        void runsAgainstEveryBrokerEveryStoreMemberAndItsOwnDatabase(Module service) {
            Map<String, Object> config = moduleConfig(service.name());
            assertThat(path(config, "spring.mongodb.uri").toString())
                    .as("the service's own default database")
                    .contains("/" + service.database());
            for (String instance : instancesOf(service.name())) {
                Set<String> bootstrap =
                        Set.of(env(instance, "SPRING_KAFKA_BOOTSTRAP_SERVERS").split(","));
                assertThat(bootstrap)
                        .as(instance + " bootstraps from every broker")
                        .isEqualTo(brokers().stream().map(b -> b + ":9092").collect(Collectors.toSet()));
                StoreUri store = StoreUri.of(env(instance, "SPRING_MONGODB_URI"));
                assertThat(store.database()).isEqualTo(service.database());
                assertThat(store.account())
                        .as("the service signs in to the store with the composed account and password")
                        .isEqualTo(MONGO_USER + ":" + SAMPLE_SECRET);
                assertThat(store.options()).contains("replicaSet=rs0").contains("authSource=admin");
                assertThat(store.hosts())
                        .as(instance + " knows every member of the replica set")
                        .isEqualTo(storeMembers().stream()
                                .map(m -> m + ":" + MONGO_PORT)
                                .collect(Collectors.toSet()));
                assertThat(env(instance, "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI"))
                        .as("every service trusts the provider's tokens")
                        .isEqualTo(env("identity", "TASKFORCE_IDENTITY_ISSUER"));
            }
        }

        @ParameterizedTest
        @MethodSource("taskforce.localstack.ComposeFileTest#services")
        void createsItsTopicsSoThatOneLostBrokerLosesNothingAndStopsNothing(Module service) {
            for (String instance : instancesOf(service.name())) {
                int replicas = Integer.parseInt(env(instance, "TASKFORCE_KAFKA_TOPICS_REPLICATION_FACTOR"));
                int minInSync = Integer.parseInt(env(instance, "TASKFORCE_KAFKA_TOPICS_MIN_INSYNC_REPLICAS"));
                int partitions = Integer.parseInt(env(instance, "TASKFORCE_KAFKA_TOPICS_PARTITIONS"));
                assertThat(replicas)
                        .as("replication factor")
                        .isEqualTo(brokers().size())
                        .isGreaterThanOrEqualTo(3);
                assertThat(minInSync).as("min.insync.replicas").isEqualTo(2).isLessThan(replicas);
                assertThat(partitions)
                        .as("partitions: room for more consumers than instances")
                        .isGreaterThanOrEqualTo(2 * instancesOf(service.name()).size());
            }
        }

        @ParameterizedTest
        @MethodSource("taskforce.localstack.ComposeFileTest#balancedModules")
        void runsTwoAlikeInstancesThatTheProxyBalancesOverOnceReady(String module) {
            List<String> instances = instancesOf(module);
            assertThat(instances).as(module + " instances").hasSizeGreaterThanOrEqualTo(2);
            assertThat(instances.stream().map(ComposeFileTest::environment).distinct())
                    .as("the instances are configured alike")
                    .hasSize(1);
            int port = Integer.parseInt(String.valueOf(path(moduleConfig(module), "server.port")));
            Proxy.Backend backend = proxy.backendOnPort(port);
            assertThat(backend)
                    .as("a proxy frontend on " + module + "'s own port " + port)
                    .isNotNull();
            assertThat(backend.servers())
                    .as("the proxy balances over every instance, on its port")
                    .containsExactlyInAnyOrderElementsOf(
                            instances.stream().map(i -> i + ":" + port).toList());
            assertThat(backend.balance()).isEqualTo("roundrobin");
            assertThat(backend.sticky()).as("no session stickiness").isFalse();
            assertThat(proxy.healthCheckPath()).isEqualTo("/actuator/health/readiness");
            assertThat(publishedOnTheHost().get(port))
                    .as("the host reaches " + module + " through the proxy")
                    .isEqualTo("proxy");
        }

        @Test
        void leavesTheConsoleToReachTheServicesThroughTheProxy() {
            Map<String, String> urlOf = Map.of(
                    "intake-service", "TASKFORCE_CONSOLE_INTAKE_URL",
                    "case-service", "TASKFORCE_CONSOLE_CASES_URL",
                    "notification-service", "TASKFORCE_CONSOLE_NOTIFICATIONS_URL");
            for (String console : instancesOf("console")) {
                urlOf.forEach((service, variable) -> {
                    URI url = URI.create(env(console, variable));
                    assertThat(compose).as(variable).containsKey(url.getHost());
                    assertThat(image(url.getHost())).as(variable).startsWith("haproxy:");
                    assertThat(proxy.backendOnPort(url.getPort()).servers())
                            .as(variable + " lands on " + service)
                            .allMatch(server -> service.equals(module(server.split(":")[0])));
                });
                StoreUri sessions = StoreUri.of(env(console, "SPRING_MONGODB_URI"));
                assertThat(sessions.hosts())
                        .isEqualTo(StoreUri.of(env(instancesOf("case-service").get(0), "SPRING_MONGODB_URI"))
                                .hosts());
                assertThat(sessions.account())
                        .as("the console's sessions live in the composed store, signed in like the services")
                        .isEqualTo(MONGO_USER + ":" + SAMPLE_SECRET);
            }
        }
    }

    @Nested
    class TheKafkaCluster {

        @Test
        void hasThreeBrokersThatVoteForEachOtherByNodeId() {
            assertThat(brokers()).hasSize(3);
            Set<String> voters = Set.of(
                    env(brokers().get(0), "KAFKA_CONTROLLER_QUORUM_VOTERS").split(","));
            Set<String> expected = new TreeSet<>();
            for (String broker : brokers()) {
                assertThat(Set.of(env(broker, "KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")))
                        .isEqualTo(voters);
                assertThat(env(broker, "CLUSTER_ID")).isEqualTo(env(brokers().get(0), "CLUSTER_ID"));
                assertThat(env(broker, "KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://" + broker + ":9092");
                expected.add(env(broker, "KAFKA_NODE_ID") + "@" + broker + ":9093");
            }
            assertThat(new TreeSet<>(voters)).isEqualTo(expected);
        }

        @Test
        void replicatesItsOwnTopicsLikeTheServicesTopics() {
            for (String broker : brokers()) {
                assertThat(env(broker, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"))
                        .isEqualTo("3");
                assertThat(env(broker, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))
                        .isEqualTo("3");
                assertThat(env(broker, "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).isEqualTo("2");
                assertThat(env(broker, "KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("2");
                assertThat(env(broker, "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
            }
        }

        @Test
        void keepsEachBrokersLogInItsOwnVolume() {
            Set<String> seen = new TreeSet<>();
            for (String broker : brokers()) {
                String volume = namedVolumeAt(broker, env(broker, "KAFKA_LOG_DIRS"));
                assertThat(seen.add(volume))
                        .as(broker + " has a volume of its own")
                        .isTrue();
            }
        }
    }

    @Nested
    class TheStore {

        @Test
        void isAThreeMemberReplicaSetWhoseMembersShareOneKeyFile() {
            assertThat(storeMembers()).hasSize(3);
            Set<String> keyFiles = new TreeSet<>();
            for (String member : storeMembers()) {
                List<String> command = list(compose.get(member), "command");
                assertThat(command.get(command.indexOf("--replSet") + 1)).isEqualTo("rs0");
                String keyFile = command.get(command.indexOf("--keyFile") + 1);
                keyFiles.add(namedVolumeAt(member, keyFile.substring(0, keyFile.lastIndexOf('/'))));
            }
            assertThat(keyFiles).as("one key file volume").hasSize(1);
        }

        @Test
        void isHealthyOnlyOnceTheSetHasAPrimaryAndInitiatesItWithEveryMember() {
            for (String member : storeMembers()) {
                assertThat(healthCheck(member)).contains("stateStr === 'PRIMARY'");
            }
            List<String> initiating = storeMembers().stream()
                    .filter(member -> healthCheck(member).contains("rs.initiate"))
                    .toList();
            assertThat(initiating).as("one member initiates the set").hasSize(1);
            for (String member : storeMembers()) {
                assertThat(healthCheck(initiating.get(0))).contains("host: '" + member + ":" + MONGO_PORT + "'");
            }
            for (String service : compose.keySet()) {
                if (module(service) != null && !"identity".equals(module(service))) {
                    assertThat(dependsOn(service))
                            .as(service + " starts once the store has a primary")
                            .containsEntry(initiating.get(0), "service_healthy");
                }
            }
        }

        @Test
        void keepsEachMembersDataInItsOwnVolume() {
            Set<String> seen = new TreeSet<>();
            for (String member : storeMembers()) {
                assertThat(seen.add(namedVolumeAt(member, "/data/db")))
                        .as(member)
                        .isTrue();
            }
        }

        @Test
        void asksForAPasswordNeverWrittenHere() {
            String creating = storeMembers().stream()
                    .filter(member -> environment(member).containsKey("MONGO_INITDB_ROOT_USERNAME"))
                    .findFirst()
                    .orElseThrow();
            assertThat(env(creating, "MONGO_INITDB_ROOT_USERNAME")).isEqualTo(MONGO_USER);
            assertThat(env(creating, "MONGO_INITDB_ROOT_PASSWORD"))
                    .as("a password compose refuses to start without")
                    .startsWith("${MONGO_PASSWORD:?");
        }
    }

    @Nested
    class EveryContainer {

        @Test
        void thatKeepsRunningHasAHealthCheckAndARestartPolicy() {
            compose.forEach((name, service) -> {
                if ("no".equals(String.valueOf(service.get("restart")))) {
                    return;
                }
                assertThat(service.get("restart")).as(name + " restart policy").isEqualTo("unless-stopped");
                assertThat(healthCheck(name)).as(name + " health check").isNotBlank();
            });
        }

        @Test
        void checksThatAServiceIsReadyNotMerelyUp() {
            for (String service : compose.keySet()) {
                if (module(service) != null) {
                    String port = String.valueOf(path(moduleConfig(module(service)), "server.port"));
                    String check = healthCheck(service);
                    Matcher variable = Pattern.compile("\\$\\$\\{(\\w+)}").matcher(check);
                    // the container's shell expands what compose leaves as $${VARIABLE} from the container's own
                    // environment, where the service reads it too
                    String asTheContainerRunsIt = variable.replaceAll(found -> env(service, found.group(1)));
                    assertThat(asTheContainerRunsIt)
                            .as(service)
                            .contains("/dev/tcp/127.0.0.1/" + port + " ")
                            .contains("/actuator/health/readiness");
                    assertThat(environment(service).getOrDefault("SERVER_PORT", port))
                            .as(service + " serves where its health check looks")
                            .isEqualTo(port);
                }
            }
        }

        @Test
        void waitsForTheHealthOfWhatItNeedsNotItsStart() {
            compose.keySet()
                    .forEach(service -> dependsOn(service).forEach((needed, condition) -> {
                        if (brokers().contains(needed) || "identity".equals(needed)) {
                            assertThat(condition).as(service + " → " + needed).isEqualTo("service_healthy");
                        }
                    }));
        }

        @Test
        void publishesNoPortOfTheBrokersOrTheStore() {
            Stream.concat(brokers().stream(), withImage("mongo:").stream())
                    .forEach(inside ->
                            assertThat(compose.get(inside)).as(inside).doesNotContainKeys("ports", "network_mode"));
        }

        @Test
        void publishesEveryOtherPortOnTheHostsLoopbackOnly() {
            compose.forEach((name, service) -> {
                for (String published : list(service, "ports")) {
                    assertThat(published.split(":")[0])
                            .as(name + " publishes " + published)
                            .isEqualTo(LOOPBACK);
                }
            });
            assertThat(publishedOnTheHost()).as("SMTP stays inside the network").doesNotContainKey(1025);
        }

        @Test
        void pinsItsImageToAVersion() {
            compose.forEach((name, service) -> assertThat(String.valueOf(service.get("image")))
                    .as(name)
                    .contains(":")
                    .doesNotEndWith(":latest"));
        }
    }

    static String healthCheck(String service) {
        Object check = compose.get(service).get("healthcheck");
        if (!(check instanceof Map<?, ?> map) || !(map.get("test") instanceof List<?> test)) {
            return "";
        }
        return test.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> dependsOn(String service) {
        Object declared = compose.get(service).get("depends_on");
        Map<String, String> conditions = new LinkedHashMap<>();
        if (declared instanceof List<?> names) {
            names.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        } else if (declared instanceof Map<?, ?> map) {
            map.forEach((name, detail) -> conditions.put(
                    String.valueOf(name), String.valueOf(((Map<String, Object>) detail).get("condition"))));
        }
        return conditions;
    }

    /** The top-level named volume mounted at {@code directory} in {@code service}. */
    static String namedVolumeAt(String service, String directory) {
        String volume = list(compose.get(service), "volumes").stream()
                .map(mount -> mount.split(":"))
                .filter(parts -> parts[1].equals(directory))
                .map(parts -> parts[0])
                .findFirst()
                .orElse(null);
        assertThat(volume).as(service + " mounts a volume at " + directory).isNotNull();
        assertThat(volumes).as("named volume " + volume).containsKey(volume);
        return volume;
    }

    /** What matters of deploy/haproxy.cfg: frontends by port, their backends' servers, the health check. */
    record Proxy(
            Map<String, Integer> frontendPorts,
            Map<String, String> frontendBackends,
            Map<String, Backend> backends,
            String healthCheckPath) {

        record Backend(String balance, boolean sticky, List<String> servers) {}

        static Proxy read(Path file) throws IOException {
            Map<String, Integer> ports = new LinkedHashMap<>();
            Map<String, String> routes = new LinkedHashMap<>();
            Map<String, Backend> backends = new LinkedHashMap<>();
            String healthCheck = null;
            String section = "";
            String name = "";
            for (String raw : Files.readAllLines(file)) {
                String line = raw.replaceFirst("#.*", "").strip();
                String[] words = line.split("\\s+");
                if (line.isEmpty()) {
                    continue;
                }
                if (!raw.startsWith(" ")) {
                    section = words[0];
                    name = words.length > 1 ? words[1] : "";
                    if (section.equals("backend")) {
                        backends.put(name, new Backend("", false, new ArrayList<>()));
                    }
                    continue;
                }
                switch (section + " " + words[0]) {
                    case "frontend bind" -> ports.put(name, Integer.valueOf(words[1].replaceFirst(".*:", "")));
                    case "frontend default_backend" -> routes.put(name, words[1]);
                    case "backend balance" ->
                        backends.put(
                                name,
                                new Backend(
                                        words[1],
                                        backends.get(name).sticky(),
                                        backends.get(name).servers()));
                    case "backend cookie", "backend stick-table", "backend stick" ->
                        backends.put(
                                name,
                                new Backend(
                                        backends.get(name).balance(),
                                        true,
                                        backends.get(name).servers()));
                    case "backend server" -> backends.get(name).servers().add(words[2]);
                    case "defaults http-check" -> {
                        if (words.length > 5 && words[1].equals("send")) {
                            healthCheck = words[5];
                        }
                    }
                    default -> {}
                }
            }
            return new Proxy(ports, routes, backends, healthCheck);
        }

        Backend backendOnPort(int port) {
            return frontendPorts.entrySet().stream()
                    .filter(frontend -> frontend.getValue() == port)
                    .map(frontend -> backends.get(frontendBackends.get(frontend.getKey())))
                    .findFirst()
                    .orElse(null);
        }
    }
}
