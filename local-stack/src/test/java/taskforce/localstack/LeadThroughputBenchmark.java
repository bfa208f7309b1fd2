package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import taskforce.cases.triage.CaseTriage;
import taskforce.infra.CommandRecorder;
import taskforce.infra.EmbeddedMongo;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11's benchmark: the whole local stack in this JVM, leads sent open-loop at fixed rates (each at its scheduled
 * time, whether or not earlier ones were answered, so a slow system cannot slow the load and hide its own latency)
 * by the officers of every agency of the demo directory with an agreement in force, one webhook receiver subscribed
 * per task force. A lead's time is from its scheduled send to the arrival at its task force's receiver of the {@code
 * case.opened.v1} whose subject is the lead's case (every lead carries a phone of its own, so each opens a case, and
 * its case id is derived from its lead id). Then a burst, the preloaded store's effect, and the store's raw write rate
 * in the same run. Prints figures; asserts only that no lead of the fixed-rate phases was lost (a burst still
 * undelivered after {@code benchmark.burst-drain-seconds} is reported).
 *
 * <pre>
 * mvn -B -pl local-stack -am verify -Dbenchmark=true -Dtest=LeadThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *   [-Dbenchmark.rates=25,50] [-Dbenchmark.seconds=30] [-Dbenchmark.preload=1000000] [-Dbenchmark.burst=5000]
 *   [-Dbenchmark.warmup-seconds=120] [-Dbenchmark.warmup-rate=25] [-Dbenchmark.store=memory]
 * </pre>
 */
@EnabledIfSystemProperty(
        named = "benchmark",
        matches = "true",
        disabledReason = "a benchmark: run with -Dbenchmark=true")
class LeadThroughputBenchmark {

    private static final Duration DRAIN = Duration.ofSeconds(Integer.getInteger("benchmark.drain-seconds", 180));
    /** A burst may take long to drain on a slow machine; that is a figure to report, not a failure. */
    private static final Duration BURST_DRAIN =
            Duration.ofSeconds(Integer.getInteger("benchmark.burst-drain-seconds", 300));

    private record Submitter(String agencyId, String officerId, String taskForceId, String token) {}

    private record Phase(
            String name, int leads, Map<String, Long> scheduledNanos, Set<String> refused, Counts before) {}

    /**
     * What a phase costs, taken as it begins sending and again when it has drained: the recorder's commands and writes,
     * the documents the store examined, and this JVM's CPU time, JIT compilation time and collector time (everything
     * runs in this JVM, so its CPU time over the phase's leads is what a lead costs the machine).
     */
    private record Counts(
            long commands,
            long writes,
            long examined,
            long cpuNanos,
            long jitMillis,
            long gcMillis,
            long classesLoaded,
            long uptimeMillis,
            long wallNanos,
            Map<String, Long> kafkaEnds) {

        static Counts now(CommandRecorder commands, Map<String, Long> kafkaEnds) {
            long gcMillis = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcMillis += Math.max(0, collector.getCollectionTime());
            }
            return new Counts(
                    commands.sent().size(),
                    commands.writes(),
                    EmbeddedMongo.documentsExamined(),
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime(),
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                    gcMillis,
                    ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount(),
                    ManagementFactory.getRuntimeMXBean().getUptime(),
                    System.nanoTime(),
                    kafkaEnds);
        }
    }

    /** A collector pause: when it ended (ms of JVM uptime) and how long it stopped the application. */
    private record Pause(long endMillis, long millis) {}

    private static final String OFFSET_COMMITS = "__consumer_offsets";

    /**
     * Every stop-the-world pause the collectors report, so that a phase can say how long its longest was: a total
     * alone cannot tell one 150 ms pause, which every lead in flight waits out, from thirty short ones.
     */
    private static final Queue<Pause> PAUSES = new ConcurrentLinkedQueue<>();

    static {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            // G1's concurrent cycle (a bean of its own on newer JDKs) runs beside the application, not in a pause
            if (collector.getName().contains("Concurrent") || !(collector instanceof NotificationEmitter emitter)) {
                continue;
            }
            emitter.addNotificationListener(
                    (notification, handback) -> {
                        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                notification.getType())) {
                            GcInfo info = GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData())
                                    .getGcInfo();
                            PAUSES.add(new Pause(info.getEndTime(), info.getDuration()));
                        }
                    },
                    null,
                    null);
        }
    }

    private static long longestPauseMillis(Counts before, Counts after) {
        return PAUSES.stream()
                .filter(pause ->
                        pause.endMillis() >= before.uptimeMillis() && pause.endMillis() <= after.uptimeMillis())
                .mapToLong(Pause::millis)
                .max()
                .orElse(0);
    }

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger sequence = new AtomicInteger();
    /**
     * The load generator's own threads: on 2 cores the common pool has one thread, and CompletableFuture would then
     * start a thread for every completion, which costs the system under test a measurable share of the CPU.
     */
    private final java.util.concurrent.ExecutorService senders = Executors.newFixedThreadPool(8);

    private final HttpClient http = HttpClient.newBuilder()
            .executor(senders)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    /** Reads the topics' end offsets for the Kafka records a phase wrote; set once the stack runs. */
    private Admin kafka;

    /** caseId → the first arrival of its case.opened.v1 at any receiver. */
    private final Map<String, Long> openedArrivals = new ConcurrentHashMap<>();

    /** The figures, printed as each is known (a long run stopped half-way still shows what it measured) and again at the end. */
    private final List<String> report = new ArrayList<>() {
        @Override
        public boolean add(String line) {
            System.out.println("LeadThroughputBenchmark: " + line);
            return super.add(line);
        }
    };

    @Test
    void leadsAtFixedRatesAndABurstFromEveryAgency() throws Exception {
        List<Integer> rates = java.util.Arrays.stream(
                        System.getProperty("benchmark.rates", "25,50").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        int seconds = Integer.getInteger("benchmark.seconds", 20);
        int preload = Integer.getInteger("benchmark.preload", 20_000);
        int burst = Integer.getInteger("benchmark.burst", 5000);
        int warmupSeconds = Integer.getInteger("benchmark.warmup-seconds", 120);
        int warmupRate = Integer.getInteger("benchmark.warmup-rate", 25);
        CommandRecorder commands = CommandRecorder.countingOnly();
        machine();
        // the store and broker as ./run-local.sh runs them (files on disk), unless asked to keep them in memory
        boolean onFiles = !"memory".equals(System.getProperty("benchmark.store", "files"));
        LocalStack.Options where = onFiles
                ? new LocalStack.Options(
                        java.nio.file.Files.createTempDirectory("benchmark-stack"), true, LocalStack.Ports.free())
                : LocalStack.Options.forTests();
        report.add("store and broker: " + (onFiles ? "on files, as ./run-local.sh runs them" : "in memory"));
        try (LocalStack stack = LocalStack.start(where.recordingStoreCommands(commands)
                // the benchmark's agencies submit far faster than production allows one agency
                .withServiceArguments(
                        "--resilience4j.ratelimiter.instances.lead-submission.limit-for-period=10000000"))) {
            kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
            List<Submitter> submitters = submitters(stack);
            List<WebhookReceiver> receivers = subscribeOneReceiverPerTaskForce(stack, submitters);
            receivers.forEach(receiver -> receiver.onArrival(this::recordIfOpened));
            try {
                rawWriteRate(stack);
                preload(stack, preload);
                // warm-up: the JIT compiling the hot paths of three services, the broker and the store (about a core
                // of the two for the first minute, still a quarter of the CPU in the second: thousands of methods
                // compiled by C2), the connection pools, the first records on every partition. Reported, not part
                // of the targets: a service runs warm far longer than it takes to warm up.
                if (warmupSeconds > 0) {
                    drain(send("warm-up, ", submitters, warmupRate, warmupSeconds, commands), commands);
                }
                for (int rate : rates) {
                    drain(send("", submitters, rate, seconds, commands), commands);
                }
                burst(submitters, burst, commands);
            } finally {
                kafka.close();
                receivers.forEach(WebhookReceiver::close);
                senders.shutdownNow();
            }
        }
        System.out.println();
        System.out.println("LeadThroughputBenchmark (" + run + ")");
        report.forEach(line -> System.out.println("  " + line));
        System.out.println();
    }

    @org.junit.jupiter.api.AfterEach
    void printWhatWasMeasured() {
        System.out.println("LeadThroughputBenchmark measured: " + String.join(" | ", report));
    }

    // ---- the load

    /** Sends {@code rate} leads a second for {@code seconds}, each at its scheduled time, round robin over agencies. */
    private Phase send(String name, List<Submitter> submitters, int rate, int seconds, CommandRecorder commands)
            throws InterruptedException {
        Counts before = counts(commands);
        int leads = rate * seconds;
        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < leads; i++) {
            long at = start + i * periodNanos;
            Submitter submitter = submitters.get(i % submitters.size());
            clock.schedule(
                    () -> submit(submitter, at, scheduled, refused), at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        clock.shutdown();
        clock.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return new Phase(name + rate + " leads/s for " + seconds + " s", leads, scheduled, refused, before);
    }

    private void submit(Submitter submitter, long scheduledNanos, Map<String, Long> scheduled, Set<String> refused) {
        int n = sequence.incrementAndGet();
        Map<String, Object> lead = WholeStorySystemTest.lead(
                submitter.agencyId(), submitter.officerId(), "BENCH-" + run + "-" + n, phone(n));
        lead.put("taskForceId", submitter.taskForceId());
        HttpRequest request = HttpRequest.newBuilder(URI.create(intakeUrl + "/api/leads"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + submitter.token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-" + run + "-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(lead)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenCompleteAsync(
                        (response, failure) -> {
                            if (failure != null || response.statusCode() != 202) {
                                refused.add(n + ": "
                                        + (failure != null
                                                ? failure.toString()
                                                : response.statusCode() + " " + response.body()));
                                return;
                            }
                            String leadId = Http.JSON
                                    .readTree(response.body())
                                    .get("leadId")
                                    .asString();
                            scheduled.put(CaseTriage.caseIdFor(leadId), scheduledNanos);
                        },
                        senders);
    }

    /** A phone of its own per lead (valid NANP: area and exchange from 2), so that every lead opens a case. */
    private static String phone(int n) {
        return String.format("(%03d) %03d-%04d", 201 + (n / 8_000_000) % 700, 200 + (n / 10_000) % 800, n % 10_000);
    }

    /** Waits until every accepted lead's case.opened arrived (or the drain time is up), then reports the phase. */
    private void drain(Phase phase, CommandRecorder commands) {
        long drainStart = System.nanoTime();
        try {
            await().atMost(DRAIN)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> phase.scheduledNanos().size() + phase.refused().size() >= phase.leads()
                            && openedArrivals
                                    .keySet()
                                    .containsAll(phase.scheduledNanos().keySet()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below as lost
        }
        List<Long> millis = new ArrayList<>();
        int lost = 0;
        for (Map.Entry<String, Long> lead : phase.scheduledNanos().entrySet()) {
            Long arrived = openedArrivals.get(lead.getKey());
            if (arrived == null) {
                lost++;
            } else {
                millis.add(TimeUnit.NANOSECONDS.toMillis(arrived - lead.getValue()));
            }
        }
        report.add(String.format(
                "%s: %d accepted, %d refused, %d not delivered within %d s of the end; scheduled send -> webhook: %s;"
                        + " drained %.1f s after the last send",
                phase.name(),
                phase.scheduledNanos().size(),
                phase.refused().size(),
                lost,
                DRAIN.toSeconds(),
                figures(millis),
                (System.nanoTime() - drainStart) / 1e9));
        perLead(phase.scheduledNanos().size(), commands, phase.before());
        if (!phase.refused().isEmpty()) {
            report.add("  first refusals: " + phase.refused().stream().limit(3).toList());
        }
        assertThat(lost).as("leads accepted but never delivered").isZero();
    }

    private Counts counts(CommandRecorder commands) {
        return Counts.now(commands, endOffsetsByTopic());
    }

    /**
     * The records each topic holds so far, as the sum of its partitions' end offsets (the services write no
     * transactions, so no offset goes to a marker), {@code __consumer_offsets} included: its records are the
     * consumers' offset commits.
     */
    private Map<String, Long> endOffsetsByTopic() {
        try {
            Set<String> topics = kafka.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            kafka.describeTopics(topics)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .forEach(topic -> topic.partitions()
                            .forEach(partition -> latest.put(
                                    new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            Map<String, Long> ends = new java.util.TreeMap<>();
            kafka.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((partition, end) -> ends.merge(partition.topic(), end.offset(), Long::sum));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the topics' end offsets", e);
        }
    }

    private void perLead(int leads, CommandRecorder commands, Counts before) {
        // counted over the whole phase (all three services, background work included) and divided by its leads
        Counts after = counts(commands);
        double leadCount = Math.max(1, leads); // a phase without leads prints zeros, not a division by zero
        double phaseSeconds = (after.wallNanos() - before.wallNanos()) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        report.add(String.format(
                "  per lead: %.1f ms of CPU (the JVM used %.0f %% of the %d cores over the phase's %.1f s, of which JIT"
                        + " compilation %.1f s and collector pauses %.1f s, the longest %d ms; compiled code %s; %d"
                        + " classes loaded)",
                (after.cpuNanos() - before.cpuNanos()) / 1e6 / leadCount,
                100.0 * (after.cpuNanos() - before.cpuNanos()) / 1e9 / phaseSeconds / cores,
                cores,
                phaseSeconds,
                (after.jitMillis() - before.jitMillis()) / 1e3,
                (after.gcMillis() - before.gcMillis()) / 1e3,
                longestPauseMillis(before, after),
                codeCache(),
                after.classesLoaded() - before.classesLoaded()));
        long commandsBefore = before.commands();
        List<CommandRecorder.Sent> sent = commands.sent();
        Map<String, Integer> byCommand = new HashMap<>();
        for (int i = (int) commandsBefore; i < sent.size(); i++) {
            byCommand.merge(sent.get(i).database() + " " + sent.get(i).command(), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(byCommand.entrySet());
        top.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        report.add(String.format(
                "  per lead: %.1f store commands, %.1f of them writes; most sent: %s",
                (sent.size() - commandsBefore) / leadCount,
                (after.writes() - before.writes()) / leadCount,
                top.stream()
                        .limit(6)
                        .map(e -> e.getKey() + " " + String.format("%.1f", e.getValue() / leadCount))
                        .toList()));
        Map<String, Long> written = new java.util.TreeMap<>();
        after.kafkaEnds().forEach((topic, end) -> {
            long records = end - before.kafkaEnds().getOrDefault(topic, 0L);
            if (records > 0 && !topic.equals(OFFSET_COMMITS)) {
                written.put(topic, records);
            }
        });
        report.add(String.format(
                "  per lead: %.1f Kafka records on the system's topics (%s), and %.1f offset commits (records on %s)",
                written.values().stream().mapToLong(Long::longValue).sum() / leadCount,
                written.entrySet().stream()
                        .map(e -> e.getKey() + " " + String.format("%.2f", e.getValue() / leadCount))
                        .collect(java.util.stream.Collectors.joining(", ")),
                (after.kafkaEnds().getOrDefault(OFFSET_COMMITS, 0L)
                                - before.kafkaEnds().getOrDefault(OFFSET_COMMITS, 0L))
                        / leadCount,
                OFFSET_COMMITS));
        // where they go: per database, collection and command, so that a cut can be aimed and its effect seen
        Map<String, Integer> byCollection = new java.util.TreeMap<>();
        for (int i = (int) commandsBefore; i < sent.size(); i++) {
            CommandRecorder.Sent one = sent.get(i);
            byCollection.merge(one.database() + "." + one.collection() + " " + one.command(), 1, Integer::sum);
        }
        report.add("  per lead by collection: "
                + byCollection.entrySet().stream()
                        .filter(e -> e.getValue() >= leads / 20.0)
                        .map(e -> e.getKey() + " " + String.format("%.2f", e.getValue() / leadCount))
                        .collect(java.util.stream.Collectors.joining(", ")));
        // the in-process store answers from an index only a filter of _id alone (or a unique index's exact keys):
        // each of these scans its collection there, whatever a real MongoDB would do with it
        Map<String, Integer> beyondId = new java.util.TreeMap<>();
        for (int i = (int) commandsBefore; i < sent.size(); i++) {
            CommandRecorder.Sent one = sent.get(i);
            if (one.beyondId() != null) {
                beyondId.merge(one.database() + "." + one.collection() + " " + one.beyondId(), 1, Integer::sum);
            }
        }
        report.add(String.format(
                "  per lead: %.1f documents examined by the store (one a document found by _id; a scan examines its"
                        + " whole collection)",
                (after.examined() - before.examined()) / leadCount));
        report.add(String.format(
                "  per lead, filters naming more than _id alone (looked up by _id here, by IdFirstBackends): %.2f: %s",
                beyondId.values().stream().mapToInt(Integer::intValue).sum() / leadCount,
                beyondId.entrySet().stream()
                        .map(e -> e.getKey() + " " + String.format("%.2f", e.getValue() / leadCount))
                        .collect(java.util.stream.Collectors.joining(", "))));
    }

    /** The JIT's code cache, used of its maximum: when it is full, compiled methods are flushed and compiled again. */
    private static String codeCache() {
        long used = 0;
        long max = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().startsWith("CodeHeap") || pool.getName().equals("CodeCache")) {
                used += pool.getUsage().getUsed();
                max += Math.max(0, pool.getUsage().getMax());
            }
        }
        return String.format("%d MB of %d MB", used >> 20, max >> 20);
    }

    /** As many leads as the senders can post, all at once (a bulk upload): how long until the last is delivered. */
    private void burst(List<Submitter> submitters, int leads, CommandRecorder commands) throws InterruptedException {
        if (leads == 0) {
            return;
        }
        Counts before = counts(commands);
        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();
        // 32 at a time, as a bulk upload would post them
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
        for (int i = 0; i < leads; i++) {
            inFlight.acquire();
            Submitter submitter = submitters.get(i % submitters.size());
            submitAndRelease(submitter, start, scheduled, refused, inFlight);
        }
        inFlight.acquire(32);
        double submittedSeconds = (System.nanoTime() - start) / 1e9;
        try {
            await().atMost(BURST_DRAIN)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> openedArrivals.keySet().containsAll(scheduled.keySet()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below
        }
        List<Long> arrivals = scheduled.keySet().stream()
                .map(openedArrivals::get)
                .filter(java.util.Objects::nonNull)
                .sorted()
                .toList();
        long lost = scheduled.size() - arrivals.size();
        report.add(String.format(
                "burst of %d leads: posted in %.1f s (%d refused); first delivered after %.1f s, last after %.1f s;"
                        + " %d not delivered within %d s",
                leads,
                submittedSeconds,
                refused.size(),
                arrivals.isEmpty() ? Double.NaN : (arrivals.get(0) - start) / 1e9,
                arrivals.isEmpty() ? Double.NaN : (arrivals.get(arrivals.size() - 1) - start) / 1e9,
                lost,
                BURST_DRAIN.toSeconds()));
        perLead(scheduled.size(), commands, before);
    }

    private void submitAndRelease(
            Submitter submitter,
            long start,
            Map<String, Long> scheduled,
            Set<String> refused,
            java.util.concurrent.Semaphore inFlight) {
        int n = sequence.incrementAndGet();
        Map<String, Object> lead = WholeStorySystemTest.lead(
                submitter.agencyId(), submitter.officerId(), "BURST-" + run + "-" + n, phone(n));
        lead.put("taskForceId", submitter.taskForceId());
        HttpRequest request = HttpRequest.newBuilder(URI.create(intakeUrl + "/api/leads"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + submitter.token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "burst-" + run + "-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(lead)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenCompleteAsync(
                        (response, failure) -> {
                            try {
                                if (failure != null || response.statusCode() != 202) {
                                    refused.add(n + ": "
                                            + (failure != null
                                                    ? failure.toString()
                                                    : String.valueOf(response.statusCode())));
                                    return;
                                }
                                String leadId = Http.JSON
                                        .readTree(response.body())
                                        .get("leadId")
                                        .asString();
                                scheduled.put(CaseTriage.caseIdFor(leadId), start);
                            } finally {
                                inFlight.release();
                            }
                        },
                        senders);
    }

    // ---- the stack's agencies and receivers

    private String intakeUrl;

    /** Every officer of an agency with an agreement in force with a task force the officer belongs to. */
    private List<Submitter> submitters(LocalStack stack) throws IOException {
        intakeUrl = stack.intakeUrl();
        JsonNode directory;
        try (InputStream in = CaseTriage.class.getResourceAsStream("/demo-directory.json")) {
            directory = Http.JSON.readTree(in);
        }
        Set<String> inForce = ConcurrentHashMap.newKeySet();
        directory.get("agreements").forEach(a -> {
            if ("ACTIVE".equals(a.get("status").asString())) {
                inForce.add(a.get("agencyId").asString() + "|"
                        + a.get("taskForceId").asString());
            }
        });
        List<Submitter> submitters = new ArrayList<>();
        for (JsonNode member : directory.get("members")) {
            if (!"MEMBER".equals(member.get("role").asString())) {
                continue;
            }
            for (JsonNode taskForce : member.get("taskForceIds")) {
                String agencyId = member.get("agencyId").asString();
                if (inForce.contains(agencyId + "|" + taskForce.asString())) {
                    String officer = member.get("id").asString();
                    submitters.add(new Submitter(
                            agencyId,
                            officer,
                            taskForce.asString(),
                            Http.user(stack, officer).token()));
                }
            }
        }
        report.add(String.format(
                "load from %d officers of %d agencies (every pair with an agreement in force in the demo directory)"
                        + " over %d task forces",
                submitters.size(),
                submitters.stream().map(Submitter::agencyId).distinct().count(),
                submitters.stream().map(Submitter::taskForceId).distinct().count()));
        return submitters;
    }

    private List<WebhookReceiver> subscribeOneReceiverPerTaskForce(LocalStack stack, List<Submitter> submitters) {
        Map<String, String> subscriberOf = new LinkedHashMap<>();
        submitters.forEach(s -> subscriberOf.putIfAbsent(s.taskForceId(), s.agencyId()));
        List<WebhookReceiver> receivers = new ArrayList<>();
        subscriberOf.forEach((taskForceId, agencyId) -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
            WebhookReceiver receiver = new WebhookReceiver(secret);
            Http system = Http.agencySystem(stack, agencyId);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        Http.Response created = system.post(
                                stack.notificationsUrl() + "/api/subscriptions",
                                Map.of(
                                        "agencyId", agencyId,
                                        "scope", Map.of("taskForceId", taskForceId),
                                        "channel", Map.of("type", "WEBHOOK", "url", receiver.url(), "secret", secret)));
                        assertThat(created.status())
                                .as(created.body().toString())
                                .isEqualTo(201);
                    });
            receivers.add(receiver);
        });
        return receivers;
    }

    /** Keeps the arrival time of each lead's case.opened, the end of its end-to-end time. */
    private void recordIfOpened(WebhookReceiver.Delivery delivery) {
        JsonNode event = Http.JSON.readTree(delivery.body());
        if ("case.opened.v1".equals(event.path("type").asString())) {
            openedArrivals.putIfAbsent(event.path("subject").asString(), delivery.receivedNanos());
        }
    }

    // ---- the store

    /** Single-document inserts, one at a time, for 3 s: the most the in-process store writes from one client. */
    private void rawWriteRate(LocalStack stack) {
        try (MongoClient client = MongoClients.create(stack.mongoUri())) {
            MongoCollection<Document> scratch = client.getDatabase("benchmark").getCollection("raw_writes");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            long start = System.nanoTime();
            int written = 0;
            while (System.nanoTime() < until) {
                scratch.insertOne(new Document("_id", UUID.randomUUID().toString())
                        .append("at", new Date())
                        .append("payload", "x".repeat(400)));
                written++;
            }
            double rate = written / ((System.nanoTime() - start) / 1e9);
            report.add(String.format(
                    "the in-process store's raw write rate: %.0f single-document inserts/s (one client, ~0.5 KB each)",
                    rate));
            client.getDatabase("benchmark").drop();
        }
    }

    /**
     * Documents written straight into intake's {@code audit} and case-service's {@code cases} (half each), as days of
     * reads and years of closed cases would leave them, so that any cost that grows with the data shows.
     */
    private void preload(LocalStack stack, int documents) {
        if (documents == 0) {
            report.add("no preload");
            return;
        }
        long start = System.nanoTime();
        try (MongoClient client = MongoClients.create(stack.mongoUri())) {
            MongoCollection<Document> audit = client.getDatabase("intake").getCollection("audit");
            MongoCollection<Document> cases = client.getDatabase("cases").getCollection("cases");
            List<Document> auditBatch = new ArrayList<>();
            List<Document> caseBatch = new ArrayList<>();
            Instant then = Instant.now().minus(Duration.ofDays(400));
            for (int i = 0; i < documents; i++) {
                if (i % 2 == 0) {
                    auditBatch.add(new Document("_id", "preload-" + run + "-" + i)
                            .append("service", "intake-service")
                            .append("actorId", "preload-system-" + (i % 500))
                            .append("action", "lead.read")
                            .append("objectType", "lead")
                            .append("objectId", "preload-lead-" + i)
                            .append("outcome", "ALLOWED")
                            .append("occurredAt", Date.from(then.plusSeconds(i))));
                } else {
                    caseBatch.add(new Document("_id", "preload-" + run + "-" + i)
                            .append("caseNumber", "PRELOAD-" + i)
                            .append("taskForceId", "preload-task-force")
                            .append("title", "Closed long ago")
                            .append("status", "CLOSED")
                            .append("priority", "ROUTINE")
                            .append("leadIds", List.of("preload-lead-" + i))
                            .append("openedAt", Date.from(then.plusSeconds(i)))
                            .append("updatedAt", Date.from(then.plusSeconds(i)))
                            .append("version", 1L));
                }
                if (auditBatch.size() == 1000) {
                    audit.insertMany(auditBatch);
                    auditBatch.clear();
                }
                if (caseBatch.size() == 1000) {
                    cases.insertMany(caseBatch);
                    caseBatch.clear();
                }
            }
            if (!auditBatch.isEmpty()) {
                audit.insertMany(auditBatch);
            }
            if (!caseBatch.isEmpty()) {
                cases.insertMany(caseBatch);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report.add(String.format(
                "preloaded %d documents into intake.audit and cases.cases in %.1f s (%.0f documents/s in batches of"
                        + " 1000)",
                documents, seconds, documents / seconds));
    }

    // ---- figures

    private void machine() {
        long ram = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize()
                : -1;
        report.add(String.format(
                "machine: %d cores, %.1f GB RAM, JDK %s (%s), load average %.1f at the start; everything in one JVM"
                        + " (heap max %d MB), the load generator included",
                Runtime.getRuntime().availableProcessors(),
                ram / 1e9,
                Runtime.version(),
                System.getProperty("java.vm.name"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024)));
    }

    private static String figures(List<Long> millis) {
        if (millis.isEmpty()) {
            return "nothing arrived";
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(
                "p50 %d ms, p90 %d ms, p95 %d ms, p99 %d ms, max %d ms",
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 95),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static {
        // the JDK's HttpClient would otherwise open one connection per request in flight without limit
        System.setProperty("jdk.httpclient.connectionPoolSize", "64");
    }
}
