package taskforce.cases.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.cases.triage.CaseTriage;
import taskforce.cases.triage.IdentifierNormalizer;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;

/**
 * How long triage takes for one lead with ten identifiers when the store already holds a million identifiers of
 * open cases across every task force: the lookups in both indexes, the new case, its index entries and the hits it
 * raises. Prints figures; asserts only that every lead was triaged and raised its hit. Run with
 * {@code mvn -B -pl case-service -am verify -Dbenchmark=true -Dtest=DeconflictionBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.identifiers=1000000] [-Dbenchmark.leads=1000]}.
 */
@EnabledIfSystemProperty(
        named = "benchmark",
        matches = "true",
        disabledReason = "a benchmark: run with -Dbenchmark=true")
class DeconflictionBenchmark extends CaseServiceIntegrationTest {

    private static final String[] TASK_FORCES = {
        "best-houston", "gang-los-angeles", "hstf-san-diego", "cetf-seattle", "dbftf-miami"
    };
    private static final int IDENTIFIERS_PER_CASE = 10;
    private static final int BATCH = 10_000;

    @Autowired
    CaseTriage triage;

    @Autowired
    MongoTemplate mongo;

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer();

    @Test
    void oneLeadWithTenIdentifiersAgainstAMillion() {
        int total = Integer.getInteger("benchmark.identifiers", 1_000_000);
        int leads = Integer.getInteger("benchmark.leads", 1000);
        int warmUp = Math.max(50, leads / 5);
        String run = UUID.randomUUID().toString().substring(0, 6);

        long loadStarted = System.nanoTime();
        load(total, run);
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

        // for every lead, a real open case of another task force that shares one of its phones
        List<String> sharedPhones = new ArrayList<>();
        List<String> gangCases = new ArrayList<>();
        for (int i = 0; i < warmUp + leads; i++) {
            String phone = String.format("+52 55 %04d %04d", i / 10000, i % 10000);
            LeadSubmitted gangLead = lead(GANG_LOS_ANGELES, phone(phone));
            triage.triage(gangLead);
            sharedPhones.add(phone);
            gangCases.add(CaseTriage.caseIdFor(gangLead.leadId()));
        }

        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < warmUp + leads; i++) {
            LeadSubmitted lead = lead(BEST_HOUSTON, identifiersOfLead(i, total, run, sharedPhones.get(i)));
            long started = System.nanoTime();
            triage.triage(lead);
            long took = System.nanoTime() - started;
            if (i >= warmUp) {
                nanos.add(took);
            }
            assertThat(triage.decision(lead.leadId())).isPresent();
        }
        assertThat(gangCases)
                .as("every lead raised its hit with the other task force's case")
                .allSatisfy(caseId -> assertThat(mongo.getCollection(Deconfliction.HITS_OF_CASE)
                                .find(new Document("_id", caseId))
                                .first())
                        .isNotNull());

        Collections.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "%nDeconfliction at triage: %,d identifiers of %,d open cases in %d task forces (loaded in %.0f s)%n"
                        + "  one lead with %d identifiers (7 new, 2 held by other task forces' cases, 1 shared with"
                        + " an open case of another task force, raising a hit), %,d leads after %d warm-up:%n"
                        + "  p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n"
                        + "  store: %s%n%n",
                total,
                total / IDENTIFIERS_PER_CASE,
                TASK_FORCES.length,
                loadSeconds,
                IDENTIFIERS_PER_CASE,
                leads,
                warmUp,
                percentile(nanos, 0.50),
                percentile(nanos, 0.90),
                percentile(nanos, 0.99),
                nanos.get(nanos.size() - 1) / 1e6,
                "mongo-java-server (in-memory backend) over the MongoDB wire protocol, on this machine");
    }

    /**
     * Writes the million entries straight into both indexes, as triage would have left them for open cases of
     * every task force (the cases themselves are not needed: a lookup that finds a missing case skips it, at the
     * same cost as reading one).
     */
    private void load(int total, String run) {
        List<Document> targets = new ArrayList<>(BATCH);
        List<Document> perTaskForce = new ArrayList<>(BATCH);
        for (int i = 0; i < total; i++) {
            String caseId = "bench-" + run + "-case-" + (i / IDENTIFIERS_PER_CASE);
            String taskForce = TASK_FORCES[(i / IDENTIFIERS_PER_CASE) % TASK_FORCES.length];
            Identifier identifier = loaded(i, run);
            String key = identifier.type().name() + "|" + normalizer.normalize(identifier);
            targets.add(new Document("_id", key).append("caseIds", List.of(caseId)));
            perTaskForce.add(new Document("_id", taskForce + "|" + key).append("caseIds", List.of(caseId)));
            if (targets.size() == BATCH || i == total - 1) {
                mongo.getCollection(Deconfliction.TARGET_INDEX).insertMany(targets);
                mongo.getCollection(CaseTriage.IDENTIFIER_INDEX).insertMany(perTaskForce);
                targets.clear();
                perTaskForce.clear();
            }
        }
    }

    /** The i-th identifier of the loaded million, written as an officer would type it. */
    private static Identifier loaded(int i, String run) {
        return switch (i % 5) {
            case 0, 1 ->
                new Identifier(IdentifierType.PHONE, String.format("+44 20 7%03d %04d", i / 10000 % 1000, i % 10000));
            case 2 -> new Identifier(IdentifierType.EMAIL, "Target." + i + "@Example-" + run + ".org");
            case 3 ->
                new Identifier(
                        IdentifierType.VEHICLE_PLATE,
                        "TX " + run.substring(0, 3).toUpperCase(Locale.ROOT) + "-" + i);
            default -> new Identifier(IdentifierType.SOCIAL_HANDLE, "instagram:@bench_" + run + "_" + i);
        };
    }

    private static Identifier[] identifiersOfLead(int n, int total, String run, String sharedPhone) {
        List<Identifier> identifiers = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            identifiers.add(new Identifier(IdentifierType.EMAIL, "lead" + n + "." + k + "@fresh-" + run + ".org"));
        }
        // two that cases of other task forces hold, from the loaded million
        identifiers.add(loaded((int) ((n * 7919L) % total) / 5 * 5 + 2, run));
        identifiers.add(loaded((int) ((n * 104729L) % total) / 5 * 5 + 3, run));
        identifiers.add(phone(sharedPhone));
        return identifiers.toArray(Identifier[]::new);
    }

    private static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }
}
