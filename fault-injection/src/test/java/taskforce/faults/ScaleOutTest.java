package taskforce.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import taskforce.identity.DemoTokenClient;
import taskforce.infra.EmbeddedKafkaCluster;
import taskforce.infra.EmbeddedMongo;
import taskforce.infra.EmbeddedSmtp;
import taskforce.infra.FreePorts;
import tools.jackson.databind.JsonNode;

/**
 * Several instances of everything, as production runs it: two processes each of intake-service, case-service,
 * notification-service and the console, each pair behind a non-sticky round-robin proxy that admits only ready
 * instances ({@link RoundRobinProxy}), the identity provider, three Kafka brokers in this JVM with topics of
 * replication factor 3 and {@code min.insync.replicas} 2, and one MongoDB wire-protocol store. Every client, the
 * console included, goes through the proxies, so consecutive requests of one client land on different instances.
 *
 * <p>Leads about shared targets ({@link SharedTargets}) go in at the same moment; the suite counts and fails on: a
 * lead not triaged, two cases of one task force for one target, a missing or doubled deconfliction hit, an
 * assignment notification missing from the inbox or the live stream, a webhook event delivered under two webhook
 * ids or POSTed twice, an instance not ready at the end (its read models behind), and a console sign-in or lead
 * form failing through the proxy.
 *
 * <p>{@code mvn -B verify} runs the short form. The long form adds more targets and, while they flow, kills one
 * instance of each service in turn (SIGKILL) and starts it again, then stops one broker and starts it again:
 * {@code mvn -B -pl fault-injection verify -Dscaleout.long=true -Dtest=ScaleOutTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Each agent's live stream is opened through the proxy too, so it is often held by the instance that did not
 * consume the event; it must still carry every assignment (after a killed instance, through the reconnect with
 * {@code Last-Event-ID}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {

    static final boolean LONG = Boolean.getBoolean("scaleout.long");
    static final int SHORT_TARGETS = 4;
    /** The long form's targets, after the short form's: at most 22, so that every target is a person of its own. */
    static final int LONG_TARGETS = Integer.getInteger("scaleout.targets", 20);

    static final Duration DRAIN = Duration.ofSeconds(Long.getLong("scaleout.drain-s", 180));
    /** Between one target's leads and the next's in the long form: the stream must outlast the faults. */
    static final Duration LONG_INTERVAL = Duration.ofMillis(Long.getLong("scaleout.interval-ms", 5000));

    static final String BEST = "best-houston";
    static final String GANG = "gang-los-angeles";
    static final String BEST_AGENT = "hsi-agent-nguyen";
    static final String GANG_AGENT = "hsi-agent-brennan";
    static final String PASSWORD = "demo";
    /** The broker the long form stops: not 0, which also hosts the cluster's controller. */
    static final int BROKER_TO_STOP = 2;

    static final List<String> SERVICES = List.of("case-service", "intake-service", "notification-service", "console");

    static EmbeddedMongo mongo;
    static EmbeddedKafkaCluster kafka;
    static EmbeddedSmtp smtp;
    static ServiceProcess identity;
    static String identityUrl;
    static final Map<String, List<ServiceProcess>> instances = new LinkedHashMap<>();
    static final Map<String, RoundRobinProxy> proxies = new LinkedHashMap<>();
    static Receiver houstonHooks;
    static Receiver losAngelesHooks;
    static FaultInjectionTest.CaseEvents caseEvents;
    static DemoTokenClient tokens;
    static LiveStream bestAgentStream;
    static LiveStream gangAgentStream;
    static Api bestAgent;
    static Api gangAgent;
    static List<SharedTargets.Officer> officers;
    static List<SharedTargets.TaskForce> taskForces;
    static Duration startup;

    @BeforeAll
    static void startTwoInstancesOfEverythingBehindProxies() {
        Instant starting = Instant.now();
        mongo = EmbeddedMongo.inMemory(0);
        kafka = EmbeddedKafkaCluster.start(3);
        smtp = EmbeddedSmtp.start(0, 0);

        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        SERVICES.forEach(service -> ports.put(service, List.of(FreePorts.next(), FreePorts.next())));
        ports.forEach((service, two) -> proxies.put(
                service,
                new RoundRobinProxy(
                        service,
                        two.stream().map(port -> "http://localhost:" + port).toList(),
                        Duration.ofMillis(500))));

        int identityPort = FreePorts.next();
        identityUrl = "http://localhost:" + identityPort;
        identity = new ServiceProcess(
                        "identity",
                        identityPort,
                        List.of(
                                "--taskforce.identity.issuer=" + identityUrl,
                                // the browser comes back through the console's proxy, wherever it signed in
                                "--taskforce.identity.console-redirect-uri=" + url("console")
                                        + "/login/oauth2/code/taskforce",
                                "--taskforce.identity.directory=file:../case-service/src/main/resources/demo-directory.json"))
                .start();
        // case-service first: it seeds the directory the others' read models and readiness wait for
        ServiceProcess firstCases = instance("case-service", 0, ports).start();
        identity.awaitHealthy();
        firstCases.awaitReady();
        for (String service : SERVICES) {
            for (int i = 0; i < 2; i++) {
                if (!(service.equals("case-service") && i == 0)) {
                    instance(service, i, ports).start();
                }
            }
        }
        instances.values().forEach(two -> two.forEach(ServiceProcess::awaitReady));
        proxies.values()
                .forEach(proxy -> await().atMost(Duration.ofSeconds(30))
                        .until(() -> proxy.ready().size() == 2));

        tokens = new DemoTokenClient(identityUrl);
        officers = List.of(
                officer("hpd-officer-garza", BEST),
                officer("dpd-officer-lee", BEST),
                officer("lapd-detective-chen", GANG));
        taskForces = List.of(
                new SharedTargets.TaskForce(BEST, user("best-coordinator-ramirez"), BEST_AGENT),
                new SharedTargets.TaskForce(GANG, user("gang-coordinator-okafor"), GANG_AGENT));
        bestAgent = user(BEST_AGENT);
        gangAgent = user(GANG_AGENT);
        caseEvents = new FaultInjectionTest.CaseEvents(kafka.bootstrapServers());

        houstonHooks = new Receiver();
        losAngelesHooks = new Receiver();
        subscribe("houston-pd", BEST, houstonHooks);
        subscribe("los-angeles-pd", GANG, losAngelesHooks);
        bestAgentStream = stream(BEST_AGENT);
        gangAgentStream = stream(GANG_AGENT);
        startup = Duration.between(starting, Instant.now());
        System.out.printf(
                "%nscale-out: 2 instances each of %s, identity, 3 brokers; started in %d s%n",
                SERVICES, startup.toSeconds());
    }

    @AfterAll
    static void stopEverything() {
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(bestAgentStream);
        parts.add(gangAgentStream);
        parts.addAll(proxies.values());
        instances.values().forEach(two -> two.stream().filter(Objects::nonNull).forEach(parts::add));
        parts.addAll(Arrays.asList(identity, houstonHooks, losAngelesHooks, smtp, kafka, mongo));
        Parts.closeAll(parts);
    }

    @Test
    @Order(1)
    void sharedTargetsSentAtOnceEndInOneCasePerTaskForceAndOneHitPerPair() {
        try (SharedTargets targets = new SharedTargets(
                        "short", 0, SHORT_TARGETS, officers, taskForces, url("intake-service"), url("case-service"))
                .start(Duration.ofMillis(200))) {
            await().atMost(DRAIN).pollInterval(Duration.ofMillis(500)).until(targets::allTriagedAndAssigned);
            verify("short form", targets, SHORT_TARGETS, true);
        }
    }

    @Test
    @Order(2)
    void aPersonSignsInAndSendsALeadThroughTheConsolesProxy() throws Exception {
        Browser browser = Browser.signIn("hpd-officer-garza");

        String form = browser.get("/leads/new").body();
        Map<String, String> fields = new LinkedHashMap<>(Browser.hiddenFields(form));
        fields.put("taskForceId", BEST);
        fields.put("agencyReference", "SCALEOUT-CONSOLE-" + Math.abs(new SecureRandom().nextInt()));
        fields.put("priority", "ROUTINE");
        fields.put("summary", "Sent through the console's proxy");
        fields.put("narrative", "Every request of this sign-in may land on either console.");
        fields.put("occurredAt", "2026-11-01T10:00");
        fields.put("subjects[0].name", "Console Subject");
        fields.put("subjects[0].dateOfBirth", "1991-02-03");
        fields.put("subjects[0].role", "WITNESS");
        fields.put("identifiers[0].type", "PHONE");
        fields.put("identifiers[0].value", "+1 832 555 0199");
        fields.put("action", "submit");
        HttpResponse<String> sent = browser.post("/leads/new", fields);

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(sent.uri().getPath()).isEqualTo("/leads");
        Matcher received =
                Pattern.compile("Lead (\\S+) received; triage follows").matcher(sent.body());
        assertThat(received.find())
                .as("the flash message survives the redirect, whichever console serves it")
                .isTrue();
        String leadId = received.group(1);
        Api officer = user("hpd-officer-garza");
        await().atMost(DRAIN)
                .untilAsserted(() -> assertThat(officer.get(url("intake-service") + "/api/leads/" + leadId)
                                .body()
                                .path("status")
                                .asString())
                        .isEqualTo("LINKED"));
        Map<String, Long> served = proxies.get("console").servedByInstance();
        System.out.printf("  console: signed in and sent lead %s; requests per console instance %s%n", leadId, served);
        assertThat(served.values()).as("both consoles served this person").allMatch(count -> count > 0);
    }

    @Test
    @Order(3)
    @EnabledIfSystemProperty(named = "scaleout.long", matches = "true")
    void instancesKilledAndABrokerStoppedWhileLeadsFlowLoseAndDoubleNothing() throws Exception {
        List<String> faults = new ArrayList<>();
        try (SharedTargets targets = new SharedTargets(
                        "long",
                        SHORT_TARGETS,
                        LONG_TARGETS,
                        officers,
                        taskForces,
                        url("intake-service"),
                        url("case-service"))
                .start(LONG_INTERVAL)) {
            // six faults spread over the stream: each waits for its share of the leads to be accepted
            int share = Math.max(1, targets.leads().size() / 7);
            // in turn, each restarted at once: while it starts, its other instance carries the load alone
            Instant firstKill = Instant.now();
            List<ServiceProcess> restarted = new ArrayList<>();
            for (String service : SERVICES) {
                awaitAccepted(targets, (faults.size() + 1) * share);
                ServiceProcess victim = instances.get(service).get(0);
                victim.kill();
                victim.start();
                restarted.add(victim);
                faults.add(String.format(
                        "%s killed with SIGKILL after %d accepted leads, started again",
                        victim.name(), targets.leadIds.size()));
            }
            awaitAccepted(targets, (faults.size() + 1) * share);
            Instant stopped = Instant.now();
            int acceptedBefore = targets.leadIds.size();
            kafka.stopBroker(BROKER_TO_STOP);
            awaitAccepted(targets, Math.min(targets.leads().size(), acceptedBefore + share));
            kafka.startBroker(BROKER_TO_STOP);
            faults.add(String.format(
                    "broker %d stopped after %d accepted leads for %d s (%d leads accepted meanwhile), brokers now %s",
                    BROKER_TO_STOP,
                    acceptedBefore,
                    Duration.between(stopped, Instant.now()).toSeconds(),
                    targets.leadIds.size() - acceptedBefore,
                    kafka.runningBrokers()));
            restarted.forEach(ServiceProcess::awaitReady);
            faults.add("every killed instance ready again "
                    + Duration.between(firstKill, Instant.now()).toSeconds() + " s after the first kill");
            await().atMost(DRAIN).pollInterval(Duration.ofMillis(500)).until(targets::allTriagedAndAssigned);
            faults.forEach(fault -> System.out.println("  fault: " + fault));
            verify("long form", targets, LONG_TARGETS, false);
        }
        // the console after one of its instances was killed: a new sign-in and a form still work through the proxy
        aPersonSignsInAndSendsALeadThroughTheConsolesProxy();
    }

    private static void awaitAccepted(SharedTargets targets, int leads) {
        await().atMost(DRAIN).pollInterval(Duration.ofMillis(200)).until(() -> targets.leadIds.size() >= leads);
    }

    private static void verify(String form, SharedTargets targets, int count, boolean noFaults) {
        Instant drained = Instant.now();
        assertThat(targets.refused).as("leads refused").isEmpty();
        assertThat(targets.rejected).as("leads rejected by triage").isEmpty();
        assertThat(targets.caseOfLead)
                .as("every accepted lead is linked to a case")
                .hasSameSizeAs(targets.leadIds);

        // one case per task force per target, and two task forces' cases per target
        Map<Integer, Map<String, Set<String>>> casesByTarget = new TreeMap<>();
        for (SharedTargets.Target target : targets.targets()) {
            casesByTarget.put(target.number(), targets.casesByTaskForce(target));
        }
        long doubledCases = casesByTarget.values().stream()
                .flatMap(byTaskForce -> byTaskForce.values().stream())
                .filter(ids -> ids.size() != 1)
                .count();
        Set<String> bestCases = targets.casesOf(BEST);
        Set<String> gangCases = targets.casesOf(GANG);

        // one hit per pair, seen from both sides, naming the other side's case
        Api bestCoordinator = taskForces.get(0).coordinator();
        Api gangCoordinator = taskForces.get(1).coordinator();
        Map<Integer, String> hitProblems = new TreeMap<>();
        await().atMost(DRAIN).pollInterval(Duration.ofSeconds(1)).until(() -> {
            hitProblems.clear();
            casesByTarget.forEach((number, byTaskForce) -> {
                String best = byTaskForce.getOrDefault(BEST, Set.of()).stream()
                        .findFirst()
                        .orElseThrow();
                String gang = byTaskForce.getOrDefault(GANG, Set.of()).stream()
                        .findFirst()
                        .orElseThrow();
                List<JsonNode> bestHits = hits(bestCoordinator, best);
                List<JsonNode> gangHits = hits(gangCoordinator, gang);
                boolean one = bestHits.size() == 1
                        && gangHits.size() == 1
                        && bestHits.get(0).path("otherTaskForceId").asString().equals(GANG)
                        && gangHits.get(0).path("otherTaskForceId").asString().equals(BEST)
                        && bestHits.get(0).path("otherCaseNumber").asString().equals(caseNumber(gangCoordinator, gang))
                        && gangHits.get(0).path("otherCaseNumber").asString().equals(caseNumber(bestCoordinator, best));
                if (!one) {
                    hitProblems.put(number, "hits " + bestHits + " on " + best + ", " + gangHits + " on " + gang);
                }
            });
            return hitProblems.isEmpty();
        });

        // every case event of the task force's cases reaches its agency's webhook
        Set<String> bestEvents = new HashSet<>();
        Set<String> gangEvents = new HashSet<>();
        await().atMost(DRAIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            bestEvents.clear();
            bestEvents.addAll(caseEvents.eventIdsOf(bestCases));
            gangEvents.clear();
            gangEvents.addAll(caseEvents.eventIdsOf(gangCases));
            assertThat(houstonHooks.webhookIdsByEvent().keySet()).containsAll(bestEvents);
            assertThat(losAngelesHooks.webhookIdsByEvent().keySet()).containsAll(gangEvents);
            assertThat(assigned(bestAgent, BEST_AGENT, bestCases)).containsExactlyInAnyOrderElementsOf(bestCases);
            assertThat(assigned(gangAgent, GANG_AGENT, gangCases)).containsExactlyInAnyOrderElementsOf(gangCases);
        });
        Duration drain = Duration.between(targets.startedAt, Instant.now());
        await().atMost(DRAIN).untilAsserted(() -> {
            assertThat(bestAgentStream.caseIdsOf("case.assigned.v1")).containsAll(bestCases);
            assertThat(gangAgentStream.caseIdsOf("case.assigned.v1")).containsAll(gangCases);
        });
        Map<String, String> notReady = new TreeMap<>();
        instances
                .values()
                .forEach(two -> two.forEach(instance -> {
                    if (!proxies.get(moduleOf(instance)).ready().contains(instance.url())) {
                        notReady.put(instance.name(), "not ready: read models behind or down");
                    }
                }));

        List<String> bestInbox = assigned(bestAgent, BEST_AGENT, bestCases);
        List<String> gangInbox = assigned(gangAgent, GANG_AGENT, gangCases);
        List<String> bestLive = onlyOf(bestAgentStream.caseIdsOf("case.assigned.v1"), bestCases);
        List<String> gangLive = onlyOf(gangAgentStream.caseIdsOf("case.assigned.v1"), gangCases);
        Hooks houston = Hooks.of(houstonHooks, bestEvents);
        Hooks losAngeles = Hooks.of(losAngelesHooks, gangEvents);
        int attempts =
                targets.attempts.values().stream().mapToInt(Integer::intValue).sum();

        System.out.printf(
                "%nscale-out, %s: %d targets, %d leads (%d sends)%n", form, count, targets.leadIds.size(), attempts);
        System.out.printf(
                "  all triaged and assigned %d s after the first lead; checked %d s later%n",
                Duration.between(targets.startedAt, drained).toSeconds(),
                Duration.between(drained, Instant.now()).toSeconds());
        System.out.printf(
                "  cases: %d %s, %d %s; targets with two cases in one task force: %d%n",
                bestCases.size(), BEST, gangCases.size(), GANG, doubledCases);
        System.out.printf("  deconfliction: one hit per pair on %d of %d targets%n", count - hitProblems.size(), count);
        System.out.printf(
                "  inbox case.assigned: %s %d/%d, %s %d/%d%n",
                BEST_AGENT, bestInbox.size(), bestCases.size(), GANG_AGENT, gangInbox.size(), gangCases.size());
        System.out.printf(
                "  live stream case.assigned: %s %d/%d (%d connections), %s %d/%d (%d connections)%n",
                BEST_AGENT,
                bestLive.size(),
                bestCases.size(),
                bestAgentStream.opened(),
                GANG_AGENT,
                gangLive.size(),
                gangCases.size(),
                gangAgentStream.opened());
        System.out.printf("  webhooks houston-pd: %s%n  webhooks los-angeles-pd: %s%n", houston, losAngeles);
        System.out.printf(
                "  requests per instance: %s%n",
                proxies.entrySet().stream()
                        .map(proxy -> proxy.getKey() + " "
                                + proxy.getValue().servedByInstance().values())
                        .collect(Collectors.joining(", ")));
        System.out.printf("  drained in %d s; instances not ready: %s%n", drain.toSeconds(), notReady);

        assertThat(doubledCases).as("targets with two cases in one task force").isZero();
        assertThat(bestCases).hasSize(count);
        assertThat(gangCases).hasSize(count);
        assertThat(hitProblems).as("targets without exactly one hit per pair").isEmpty();
        assertThat(bestInbox).as("one inbox notification per assignment").hasSize(bestCases.size());
        assertThat(gangInbox).as("one inbox notification per assignment").hasSize(gangCases.size());
        assertThat(Set.copyOf(bestLive)).as("assignments on the live stream").isEqualTo(bestCases);
        assertThat(Set.copyOf(gangLive)).as("assignments on the live stream").isEqualTo(gangCases);
        for (Hooks hooks : List.of(houston, losAngeles)) {
            assertThat(hooks.received()).as("events received").isEqualTo(hooks.expected());
            assertThat(hooks.secondWebhookIds())
                    .as("events delivered under a second webhook id")
                    .isZero();
            if (noFaults) {
                assertThat(hooks.repeatedPosts())
                        .as("POSTs repeating a webhook id")
                        .isZero();
            }
        }
        assertThat(notReady).isEmpty();
    }

    /** What one agency's webhook endpoint saw of the expected events. */
    record Hooks(int expected, int received, long secondWebhookIds, long repeatedPosts) {
        static Hooks of(Receiver receiver, Set<String> events) {
            Map<String, Set<String>> byEvent = new HashMap<>(receiver.webhookIdsByEvent());
            byEvent.keySet().retainAll(events);
            long posts = receiver.accepted.stream()
                    .filter(accepted -> events.contains(accepted.eventId()))
                    .count();
            long webhookIds = byEvent.values().stream().mapToLong(Set::size).sum();
            return new Hooks(events.size(), byEvent.size(), webhookIds - byEvent.size(), posts - webhookIds);
        }
    }

    private static List<JsonNode> hits(Api coordinator, String caseId) {
        Api.Answer answer = coordinator.get(url("case-service") + "/api/cases/" + caseId + "/deconfliction");
        List<JsonNode> hits = new ArrayList<>();
        if (answer.status() == 200) {
            answer.body().forEach(hits::add);
        }
        return hits;
    }

    private static String caseNumber(Api coordinator, String caseId) {
        return coordinator
                .get(url("case-service") + "/api/cases/" + caseId)
                .body()
                .path("caseNumber")
                .asString();
    }

    /** The case ids of the member's case.assigned inbox entries about these cases, one per entry. */
    private static List<String> assigned(Api member, String memberId, Set<String> caseIds) {
        Api.Answer inbox = member.get(url("notification-service") + "/api/members/" + memberId + "/notifications");
        List<String> found = new ArrayList<>();
        if (inbox.status() == 200) {
            inbox.body().forEach(entry -> {
                if ("case.assigned.v1".equals(entry.path("eventType").asString())
                        && caseIds.contains(entry.path("caseId").asString())) {
                    found.add(entry.path("caseId").asString());
                }
            });
        }
        return found;
    }

    private static List<String> onlyOf(List<String> caseIds, Set<String> ours) {
        return caseIds.stream().filter(ours::contains).toList();
    }

    private static String moduleOf(ServiceProcess instance) {
        return instance.name().substring(0, instance.name().lastIndexOf('-'));
    }

    static String url(String service) {
        return proxies.get(service).url();
    }

    private static ServiceProcess instance(String service, int index, Map<String, List<Integer>> ports) {
        int port = ports.get(service).get(index);
        String name = service + "-" + (index + 1);
        ServiceProcess process = new ServiceProcess(service, name, port, arguments(service));
        instances
                .computeIfAbsent(service, s -> Arrays.asList(new ServiceProcess[2]))
                .set(index, process);
        return process;
    }

    private static List<String> arguments(String service) {
        if (service.equals("console")) {
            return List.of(
                    "--taskforce.console.issuer=" + identityUrl,
                    "--taskforce.console.intake-url=" + url("intake-service"),
                    "--taskforce.console.cases-url=" + url("case-service"),
                    "--taskforce.console.notifications-url=" + url("notification-service"),
                    // sessions in the store: any console serves any request of a signed-in person
                    "--spring.mongodb.uri=" + mongo.uri("console"));
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.mongodb.uri=" + mongo.uri(database(service)),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + identityUrl,
                "--spring.profiles.active=local",
                "--taskforce.directory.seed-demo=true",
                "--taskforce.outbox.sweep-interval=500ms",
                // production's layout on three brokers, fewer partitions than production's 12 to spare the machine
                "--taskforce.kafka.topics.partitions=6",
                "--taskforce.kafka.topics.replication-factor=3",
                "--taskforce.kafka.topics.min-insync-replicas=2"));
        if (service.equals("notification-service")) {
            arguments.addAll(List.of(
                    "--spring.mail.host=127.0.0.1",
                    "--spring.mail.port=" + smtp.smtpPort(),
                    "--notification.delivery.backoff=1s,2s,3s,5s,5s,10s,10s,10s,10s,10s,10s,10s,10s,10s,10s",
                    "--notification.webhook.request-timeout=2s",
                    "--notification.webhook.connect-timeout=1s"));
        }
        return arguments;
    }

    private static String database(String service) {
        return switch (service) {
            case "case-service" -> "cases";
            case "intake-service" -> "intake";
            case "notification-service" -> "notifications";
            default -> throw new IllegalArgumentException(service);
        };
    }

    private static SharedTargets.Officer officer(String memberId, String taskForceId) {
        return new SharedTargets.Officer(memberId, taskForceId, user(memberId));
    }

    private static Api user(String username) {
        return new Api(tokens.forUser(username, PASSWORD));
    }

    private static LiveStream stream(String memberId) {
        LiveStream stream = new LiveStream(
                        url("notification-service") + "/api/members/" + memberId + "/notifications/stream",
                        tokens.forUser(memberId, PASSWORD))
                .open();
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.opened() > 0);
        return stream;
    }

    private static void subscribe(String agencyId, String taskForceId, Receiver receiver) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        Api agency = new Api(tokens.forAgencySystem(agencyId));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Api.Answer created = agency.post(
                            url("notification-service") + "/api/subscriptions",
                            Map.of(
                                    "scope", Map.of("taskForceId", taskForceId),
                                    "channel", Map.of("type", "WEBHOOK", "url", receiver.url(), "secret", secret)),
                            Map.of());
                    assertThat(created.status())
                            .as(String.valueOf(created.body()))
                            .isEqualTo(201);
                });
    }

    /** A person's browser on the console's proxy: cookies, redirects followed, forms with their hidden fields. */
    record Browser(HttpClient client) {

        static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
        static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>");
        static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");
        static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

        /** Opens the console, is sent to the provider's form, signs in, and follows the redirects back. */
        static Browser signIn(String username) throws Exception {
            Browser browser = new Browser(HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build());
            HttpResponse<String> loginForm = browser.send(HttpRequest.newBuilder(URI.create(url("console") + "/")));
            assertThat(loginForm.uri().toString()).startsWith(identityUrl + "/login");
            Matcher csrf = CSRF.matcher(loginForm.body());
            assertThat(csrf.find()).as("the provider's sign-in form").isTrue();
            HttpResponse<String> landed = browser.send(form(
                    identityUrl + "/login",
                    Map.of("username", username, "password", PASSWORD, "_csrf", csrf.group(1))));
            assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
            assertThat(landed.uri().toString())
                    .as("back on the console, signed in, whichever instance took the callback")
                    .startsWith(url("console"));
            return browser;
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(url("console") + path)));
        }

        HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
            return send(form(url("console") + path, fields));
        }

        static Map<String, String> hiddenFields(String page) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher input = HIDDEN.matcher(page);
            while (input.find()) {
                Matcher name = NAME.matcher(input.group());
                Matcher value = VALUE.matcher(input.group());
                if (name.find() && value.find()) {
                    fields.put(name.group(1), org.springframework.web.util.HtmlUtils.htmlUnescape(value.group(1)));
                }
            }
            return fields;
        }

        private static HttpRequest.Builder form(String url, Map<String, String> fields) {
            String body = fields.entrySet().stream()
                    .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return client.send(
                    request.header("Accept", "text/html")
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
