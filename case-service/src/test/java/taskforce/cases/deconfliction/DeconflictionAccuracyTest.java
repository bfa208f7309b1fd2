package taskforce.cases.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.Cases;
import taskforce.cases.deconfliction.SyntheticTargets.Kind;
import taskforce.cases.deconfliction.SyntheticTargets.LabelledLead;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Program;
import taskforce.cases.directory.TaskForce;
import taskforce.cases.triage.CaseTriage;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.infra.TestStore;
import taskforce.platform.lease.Leases;
import taskforce.platform.outbox.OutboxRelay;

/**
 * Measures deconfliction on a labelled synthetic data set ({@link SyntheticTargets}): every lead goes through the
 * real triage and deconfliction against the real store, in-process, and then every pair of leads of a kind counts
 * as matched when both joined the same case or their cases raised a hit on each other. Precision and recall of
 * "matched" against the ground truth are printed and held to the bar issue 4 sets.
 */
class DeconflictionAccuracyTest {

    /** Accuracy does not depend on the hour: one fixed instant, so a run never reads the calendar. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);

    /** Another data set: {@code -Ddeconfliction.accuracy.seed=N}. */
    static final long SEED = Long.getLong("deconfliction.accuracy.seed", 20261124L);

    static final int IDENTIFIER_TARGETS = 360;
    static final int PEOPLE = 600;
    static final List<String> TASK_FORCES = List.of("acc-best-houston", "acc-gang-los-angeles", "acc-hstf-phoenix");

    private static final int EXAMPLES = 15;
    private static final String DATABASE = "case-service-accuracy";

    private static TestStore store;
    private static MongoTemplate mongo;

    @BeforeAll
    static void freshStore() {
        store = TestStore.connect();
        mongo = store.fresh(DATABASE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** What the figures are over one kind of lead. */
    record Figures(
            Kind kind,
            int leads,
            long truePairs,
            long matchedPairs,
            long correctPairs,
            List<String> falseMatches,
            List<String> misses) {

        double precision() {
            return matchedPairs == 0 ? 1.0 : (double) correctPairs / matchedPairs;
        }

        double recall() {
            return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
        }
    }

    /** Triage and deconfliction as case-service runs them, over one database of the shared store. */
    record Stack(CaseTriage triage, Deconfliction deconfliction, Cases cases) {

        static Stack over(MongoTemplate mongo) {
            // never started: events stay in the aggregates' outboxes, so the measurement is of matching alone
            OutboxRelay relay =
                    new OutboxRelay(mongo, null, Duration.ofHours(1), new SimpleMeterRegistry(), Clock.systemUTC());
            Directory directory = new Directory(mongo, relay, Clock.systemUTC());
            directory.addProgramIfAbsent(new Program("BEST", "Border Enforcement Security Task Force"));
            directory.addProgramIfAbsent(new Program("GANG", "Transnational gang task force"));
            directory.addProgramIfAbsent(new Program("HSTF", "Human smuggling and trafficking task force"));
            directory.create(new TaskForce(TASK_FORCES.get(0), "BEST Houston", "BEST", "Houston, TX"));
            directory.create(
                    new TaskForce(TASK_FORCES.get(1), "Gang task force Los Angeles", "GANG", "Los Angeles, CA"));
            directory.create(
                    new TaskForce(TASK_FORCES.get(2), "Human smuggling task force Phoenix", "HSTF", "Phoenix, AZ"));
            Cases cases = new Cases(mongo, relay);
            PersonIndex people = new PersonIndex(mongo);
            Deconfliction deconfliction =
                    new Deconfliction(mongo, relay, cases, directory, people, new PossibleMatches(mongo, relay), CLOCK);
            return new Stack(
                    new CaseTriage(
                            mongo, relay, directory, cases, deconfliction, people, new Leases(mongo, CLOCK), CLOCK),
                    deconfliction,
                    cases);
        }

        /** The pairs of cases that raised a hit on each other. */
        Set<String> hitPairs(java.util.Collection<String> caseIds) {
            Set<String> pairs = new HashSet<>();
            for (String caseId : new HashSet<>(caseIds)) {
                for (DeconflictionHit hit : deconfliction.hitsOf(caseId)) {
                    pairs.add(
                            pair(hit.sides().get(0).caseId(), hit.sides().get(1).caseId()));
                }
            }
            return pairs;
        }
    }

    @Test
    void triageMatchesTheSameTargetsPreciselyAndFindsAlmostAllOfThem() throws Exception {
        Stack stack = Stack.over(mongo);
        CaseTriage triage = stack.triage();

        List<LabelledLead> data = SyntheticTargets.generate(SEED, TASK_FORCES, IDENTIFIER_TARGETS, PEOPLE);
        Path written = Path.of("target", "deconfliction-accuracy", "leads.jsonl");
        SyntheticTargets.write(data, written);

        long started = System.nanoTime();
        Map<String, String> caseOfLead = new HashMap<>();
        for (LabelledLead labelled : data) {
            caseOfLead.put(
                    labelled.lead().leadId(), triage.triage(labelled.lead()).caseId());
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        Set<String> hitPairs = stack.hitPairs(caseOfLead.values());

        List<Figures> figures = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<LabelledLead> ofKind =
                    data.stream().filter(l -> l.kind() == kind).toList();
            figures.add(measure(kind, ofKind, caseOfLead, hitPairs));
        }
        print(figures, data.size(), elapsedMillis, written);

        everyCaseIsRebuiltByItsEvents(stack.cases(), new HashSet<>(caseOfLead.values()));

        Figures identifiers = figures.get(0);
        Figures persons = figures.get(1);
        assertThat(identifiers.precision()).as("precision for identifiers").isGreaterThanOrEqualTo(0.99);
        assertThat(identifiers.recall()).as("recall for identifiers").isGreaterThanOrEqualTo(0.95);
        assertThat(persons.precision()).as("precision for people").isGreaterThanOrEqualTo(0.97);
        assertThat(persons.recall()).as("recall for people").isGreaterThanOrEqualTo(0.90);
    }

    /** Every change of a case is an event: replaying the history of each case gives exactly the stored case. */
    private static void everyCaseIsRebuiltByItsEvents(Cases cases, Set<String> caseIds) {
        List<String> differing = new ArrayList<>();
        long linked = 0;
        for (String caseId : caseIds) {
            List<CaseEventData> history = cases.events(caseId);
            linked += history.stream().filter(CaseLeadLinked.class::isInstance).count();
            Case stored = cases.find(caseId).orElseThrow().value();
            Case replayed = Case.replay(history);
            if (!replayed.equals(stored)) {
                if (differing.isEmpty()) {
                    assertThat(replayed)
                            .as("case %s rebuilt from its events", caseId)
                            .isEqualTo(stored);
                }
                differing.add(caseId);
            }
        }
        assertThat(linked).as("leads that joined a case").isPositive();
        assertThat(differing).as("cases their events do not rebuild").isEmpty();
    }

    /**
     * The second data set ({@link CorruptedPeople}): originals and corrupted copies as record-linkage benchmarks
     * make them, all for one task force as issue 17 tried them, measured per kind of corruption and overall, on
     * names and dates of birth alone and with the records' address and document number.
     */
    @Nested
    class CorruptedRecords {

        static final int PEOPLE = 300;

        /** What the figures are over the pairs that involve one kind of corrupted copy (or all of them). */
        record KindFigures(
                String kind,
                int copies,
                long truePairs,
                long matchedPairs,
                long correctPairs,
                List<String> falseMatches,
                List<String> misses) {

            double precision() {
                return matchedPairs == 0 ? 1.0 : (double) correctPairs / matchedPairs;
            }

            double recall() {
                return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
            }
        }

        @Test
        void namesAndDatesOfBirthAloneMatchPreciselyAndFindMostCopies() throws Exception {
            KindFigures all = run(false);

            assertThat(all.precision())
                    .as("precision on names and dates of birth")
                    .isGreaterThanOrEqualTo(0.99);
            assertThat(all.recall()).as("recall on names and dates of birth").isGreaterThanOrEqualTo(0.85);
        }

        @Test
        void withAddressAndDocumentNumberAlmostEveryCopyIsFound() throws Exception {
            KindFigures all = run(true);

            assertThat(all.precision()).as("precision with identifiers").isGreaterThanOrEqualTo(0.99);
            assertThat(all.recall()).as("recall with identifiers").isGreaterThanOrEqualTo(0.97);
        }

        /** Triages the data set into a fresh database, prints the figures per kind, and answers the overall ones. */
        private KindFigures run(boolean withIdentifiers) throws Exception {
            String mode = withIdentifiers ? "with-identifiers" : "names-only";
            String database = DATABASE + "-febrl-" + mode;
            Stack stack = Stack.over(store.fresh(database));
            List<CorruptedPeople.Record> data =
                    CorruptedPeople.generate(SEED, TASK_FORCES.get(0), PEOPLE, withIdentifiers);
            Path written = Path.of("target", "deconfliction-accuracy", "corrupted-people-" + mode + ".jsonl");
            CorruptedPeople.write(data, written);

            long started = System.nanoTime();
            Map<String, String> caseOfLead = new HashMap<>();
            for (CorruptedPeople.Record record : data) {
                caseOfLead.put(
                        record.lead().leadId(),
                        stack.triage().triage(record.lead()).caseId());
            }
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            Set<String> hitPairs = stack.hitPairs(caseOfLead.values());

            List<KindFigures> figures = new ArrayList<>();
            for (CorruptedPeople.Corruption corruption : CorruptedPeople.Corruption.values()) {
                figures.add(
                        measure(corruption.name().toLowerCase(Locale.ROOT), data, corruption, caseOfLead, hitPairs));
            }
            KindFigures all = measure("all", data, null, caseOfLead, hitPairs);
            figures.add(all);
            printCorrupted(figures, mode, data.size(), elapsedMillis, written);
            printPossibleMatches(data, caseOfLead, stack);
            everyCaseIsRebuiltByItsEvents(stack.cases(), new HashSet<>(caseOfLead.values()));
            return all;
        }

        /** Over the pairs with a copy of this kind on either side, or over every pair when {@code kind} is null. */
        private KindFigures measure(
                String label,
                List<CorruptedPeople.Record> data,
                CorruptedPeople.Corruption kind,
                Map<String, String> caseOfLead,
                Set<String> hitPairs) {
            long truePairs = 0;
            long matched = 0;
            long correct = 0;
            int copies = 0;
            List<String> falseMatches = new ArrayList<>();
            List<String> misses = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                CorruptedPeople.Record a = data.get(i);
                if (kind == null ? a.corruption().isPresent() : a.corruption().equals(java.util.Optional.of(kind))) {
                    copies++;
                }
                String caseA = caseOfLead.get(a.lead().leadId());
                for (int j = i + 1; j < data.size(); j++) {
                    CorruptedPeople.Record b = data.get(j);
                    if (kind != null
                            && !a.corruption().equals(java.util.Optional.of(kind))
                            && !b.corruption().equals(java.util.Optional.of(kind))) {
                        continue;
                    }
                    String caseB = caseOfLead.get(b.lead().leadId());
                    boolean same = a.personId().equals(b.personId());
                    boolean found = caseA.equals(caseB) || hitPairs.contains(pair(caseA, caseB));
                    truePairs += same ? 1 : 0;
                    matched += found ? 1 : 0;
                    correct += same && found ? 1 : 0;
                    if (found && !same && falseMatches.size() < EXAMPLES) {
                        falseMatches.add(describe(a) + "  ~  " + describe(b));
                    }
                    if (same && !found && misses.size() < EXAMPLES) {
                        misses.add(describe(a) + "  /  " + describe(b));
                    }
                }
            }
            return new KindFigures(label, copies, truePairs, matched, correct, falseMatches, misses);
        }

        private void printCorrupted(
                List<KindFigures> figures, String mode, int records, long elapsedMillis, Path written) {
            StringBuilder out = new StringBuilder();
            out.append("\nCorrupted people, ")
                    .append(mode)
                    .append(" (seed ")
                    .append(SEED)
                    .append(", ")
                    .append(records)
                    .append(" records triaged in ")
                    .append(elapsedMillis)
                    .append(" ms; data set in ")
                    .append(written.toAbsolutePath())
                    .append(")\n");
            out.append(String.format(
                    Locale.ROOT,
                    "| %-22s | %6s | %10s | %13s | %13s | %9s | %6s |%n",
                    "kind",
                    "copies",
                    "true pairs",
                    "matched pairs",
                    "correct pairs",
                    "precision",
                    "recall"));
            out.append("| ---------------------- | ------ | ---------- | ------------- | ------------- | --------- |"
                    + " ------ |\n");
            for (KindFigures f : figures) {
                out.append(String.format(
                        Locale.ROOT,
                        "| %-22s | %6d | %10d | %13d | %13d | %9.4f | %6.4f |%n",
                        f.kind(),
                        f.copies(),
                        f.truePairs(),
                        f.matchedPairs(),
                        f.correctPairs(),
                        f.precision(),
                        f.recall()));
            }
            KindFigures all = figures.get(figures.size() - 1);
            all.falseMatches()
                    .forEach(example ->
                            out.append("false match: ").append(example).append('\n'));
            all.misses()
                    .forEach(example -> out.append("missed: ").append(example).append('\n'));
            System.out.println(out);
        }

        /** How many pairs of the same person were left for a coordinator to decide, and how many of two people. */
        private void printPossibleMatches(
                List<CorruptedPeople.Record> data, Map<String, String> caseOfLead, Stack stack) {
            Map<String, Set<String>> peopleOfCase = new HashMap<>();
            for (CorruptedPeople.Record record : data) {
                peopleOfCase
                        .computeIfAbsent(caseOfLead.get(record.lead().leadId()), c -> new HashSet<>())
                        .add(record.personId());
            }
            Set<String> listed = new HashSet<>();
            long samePerson = 0;
            long twoPeople = 0;
            for (String caseId : peopleOfCase.keySet()) {
                for (PossibleMatch possible : stack.deconfliction().possibleMatchesOf(caseId)) {
                    if (!listed.add(possible.id())) {
                        continue;
                    }
                    Set<String> shared =
                            new HashSet<>(peopleOfCase.get(possible.found().caseId()));
                    shared.retainAll(peopleOfCase.get(possible.named().caseId()));
                    if (shared.isEmpty()) {
                        twoPeople++;
                    } else {
                        samePerson++;
                    }
                }
            }
            long changedFamilyNames = data.stream()
                    .filter(r -> r.corruption()
                            .equals(java.util.Optional.of(CorruptedPeople.Corruption.FAMILY_NAME_CHANGED)))
                    .count();
            System.out.println("possible same person, for a coordinator to decide: " + listed.size()
                    + " pairs of cases, "
                    + samePerson + " of one person (" + changedFamilyNames + " copies with another family name), "
                    + twoPeople + " of two people\n");
        }

        private static String describe(CorruptedPeople.Record record) {
            var lead = record.lead();
            return record.personId() + " " + record.corruption().map(Enum::name).orElse("ORIGINAL") + " ["
                    + lead.subjects().get(0).name() + " "
                    + lead.subjects().get(0).dateOfBirth() + "]";
        }
    }

    private static Figures measure(
            Kind kind, List<LabelledLead> leads, Map<String, String> caseOfLead, Set<String> hitPairs) {
        long truePairs = 0;
        long matched = 0;
        long correct = 0;
        List<String> falseMatches = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            LabelledLead a = leads.get(i);
            String caseA = caseOfLead.get(a.lead().leadId());
            for (int j = i + 1; j < leads.size(); j++) {
                LabelledLead b = leads.get(j);
                String caseB = caseOfLead.get(b.lead().leadId());
                boolean same = a.targetId().equals(b.targetId());
                boolean found = caseA.equals(caseB) || hitPairs.contains(pair(caseA, caseB));
                truePairs += same ? 1 : 0;
                matched += found ? 1 : 0;
                correct += same && found ? 1 : 0;
                if (found && !same && falseMatches.size() < EXAMPLES) {
                    falseMatches.add(describe(a) + "  ~  " + describe(b));
                }
                if (same && !found && misses.size() < EXAMPLES) {
                    misses.add(describe(a) + "  /  " + describe(b));
                }
            }
        }
        return new Figures(kind, leads.size(), truePairs, matched, correct, falseMatches, misses);
    }

    private static void print(List<Figures> figures, int leads, long elapsedMillis, Path written) {
        StringBuilder out = new StringBuilder();
        out.append("\nDeconfliction accuracy (seed ")
                .append(SEED)
                .append(", ")
                .append(leads)
                .append(" leads triaged in ")
                .append(elapsedMillis)
                .append(" ms; data set in ")
                .append(written.toAbsolutePath())
                .append(")\n");
        out.append(String.format(
                Locale.ROOT,
                "| %-11s | %5s | %10s | %13s | %13s | %9s | %6s |%n",
                "kind",
                "leads",
                "true pairs",
                "matched pairs",
                "correct pairs",
                "precision",
                "recall"));
        out.append("| ----------- | ----- | ---------- | ------------- | ------------- | --------- | ------ |\n");
        for (Figures f : figures) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %-11s | %5d | %10d | %13d | %13d | %9.4f | %6.4f |%n",
                    f.kind() == Kind.IDENTIFIER ? "identifiers" : "people",
                    f.leads(),
                    f.truePairs(),
                    f.matchedPairs(),
                    f.correctPairs(),
                    f.precision(),
                    f.recall()));
        }
        for (Figures f : figures) {
            f.falseMatches()
                    .forEach(example -> out.append("false match (")
                            .append(f.kind())
                            .append("): ")
                            .append(example)
                            .append('\n'));
            f.misses()
                    .forEach(example -> out.append("missed (")
                            .append(f.kind())
                            .append("): ")
                            .append(example)
                            .append('\n'));
        }
        System.out.println(out);
    }

    private static String describe(LabelledLead labelled) {
        var lead = labelled.lead();
        String what = lead.identifiers().isEmpty()
                ? lead.subjects().get(0).name() + " " + lead.subjects().get(0).dateOfBirth()
                        + (lead.subjects().get(0).aliases() == null
                                ? ""
                                : " aka " + lead.subjects().get(0).aliases())
                : lead.identifiers().get(0).type() + " "
                        + lead.identifiers().get(0).value();
        return labelled.targetId() + " " + lead.taskForceId() + " [" + what + "]";
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
