package taskforce.cases.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.casefile.Cases;
import taskforce.cases.deconfliction.Deconfliction;
import taskforce.cases.deconfliction.DeconflictionHit;
import taskforce.cases.deconfliction.PersonIndex;
import taskforce.cases.deconfliction.PossibleMatches;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Program;
import taskforce.cases.directory.TaskForce;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Location;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.infra.TestStore;
import taskforce.platform.lease.Leases;
import taskforce.platform.outbox.OutboxRelay;

/**
 * Two case-service instances triaging at the same moment over one store: each round hands two leads about the same
 * target, one to each instance, released together by a barrier. Within a task force they must end in one case;
 * across two task forces in two cases with exactly one hit between them.
 */
class ConcurrentTriageTest {

    private static final String DATABASE = "case-service-concurrent-triage";
    private static final String HOUSTON = "conc-best-houston";
    private static final String GANG = "conc-gang-los-angeles";
    private static final int ROUNDS = 40;
    private static final Instant OCCURRED = Instant.parse("2026-11-01T12:00:00Z");

    private static TestStore store;
    private static MongoTemplate mongo;
    private static Instance first;
    private static Instance second;

    private final Random random = new Random(20261202L);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    /** Triage and deconfliction as one case-service instance wires them, on the shared store. */
    record Instance(CaseTriage triage, Deconfliction deconfliction) {

        static Instance over(MongoTemplate mongo) {
            return over(mongo, new Leases(mongo, Clock.systemUTC()));
        }

        static Instance over(MongoTemplate mongo, Leases leases) {
            // never started: events stay in the outboxes, only the decisions and hits are counted
            OutboxRelay relay =
                    new OutboxRelay(mongo, null, Duration.ofHours(1), new SimpleMeterRegistry(), Clock.systemUTC());
            Directory directory = new Directory(mongo, relay, Clock.systemUTC());
            Cases cases = new Cases(mongo, relay);
            PersonIndex people = new PersonIndex(mongo);
            Deconfliction deconfliction = new Deconfliction(
                    mongo, relay, cases, directory, people, new PossibleMatches(mongo, relay), Clock.systemUTC());
            return new Instance(
                    new CaseTriage(mongo, relay, directory, cases, deconfliction, people, leases, Clock.systemUTC()),
                    deconfliction);
        }
    }

    @BeforeAll
    static void freshStore() {
        store = TestStore.connect();
        mongo = store.fresh(DATABASE);
        OutboxRelay relay =
                new OutboxRelay(mongo, null, Duration.ofHours(1), new SimpleMeterRegistry(), Clock.systemUTC());
        Directory directory = new Directory(mongo, relay, Clock.systemUTC());
        directory.addProgramIfAbsent(new Program("BEST", "Border Enforcement Security Task Force"));
        directory.addProgramIfAbsent(new Program("GANG", "Transnational gang task force"));
        directory.create(new TaskForce(HOUSTON, "BEST Houston", "BEST", "Houston, TX"));
        directory.create(new TaskForce(GANG, "Gang task force Los Angeles", "GANG", "Los Angeles, CA"));
        first = Instance.over(mongo);
        second = Instance.over(mongo);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Nested
    class WithinOneTaskForce {

        @Test
        void twoLeadsSharingAPhoneTriagedAtOnceOnTwoInstancesEndInOneCase() throws Exception {
            List<String> split = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String phone = phone();
                List<TriageDecision> both = atOnce(
                        lead(HOUSTON, List.of(), List.of(new Identifier(IdentifierType.PHONE, phone))),
                        lead(HOUSTON, List.of(), List.of(new Identifier(IdentifierType.PHONE, phone))));
                if (!both.get(0).caseId().equals(both.get(1).caseId())) {
                    split.add(phone);
                }
            }
            assertThat(split)
                    .as("phones that opened two cases of one task force")
                    .isEmpty();
        }

        @Test
        void twoLeadsNamingThePersonTriagedAtOnceOnTwoInstancesEndInOneCase() throws Exception {
            List<String> split = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Subject person = person();
                List<TriageDecision> both =
                        atOnce(lead(HOUSTON, List.of(person), List.of()), lead(HOUSTON, List.of(person), List.of()));
                if (!both.get(0).caseId().equals(both.get(1).caseId())) {
                    split.add(person.name());
                }
            }
            assertThat(split)
                    .as("people who opened two cases of one task force")
                    .isEmpty();
        }
    }

    @Nested
    class AcrossTaskForces {

        @Test
        void twoLeadsSharingAPhoneOrAPersonTriagedAtOnceRaiseExactlyOneHit() throws Exception {
            List<String> wrong = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                boolean byPhone = round % 2 == 0;
                String phone = phone();
                Subject person = person();
                List<Subject> subjects = byPhone ? List.of() : List.of(person);
                List<Identifier> identifiers =
                        byPhone ? List.of(new Identifier(IdentifierType.PHONE, phone)) : List.of();
                List<TriageDecision> both =
                        atOnce(lead(HOUSTON, subjects, identifiers), lead(GANG, subjects, identifiers));
                String houston = both.get(0).caseId();
                String gang = both.get(1).caseId();
                List<DeconflictionHit> hits = first.deconfliction().hitsOf(houston);
                boolean oneHitBetweenThem = hits.size() == 1
                        && hits.get(0).side(gang).isPresent()
                        && second.deconfliction().hitsOf(gang).size() == 1;
                if (!oneHitBetweenThem) {
                    wrong.add((byPhone ? phone : person.name()) + ": " + hits.size() + " hits");
                }
            }
            assertThat(wrong).as("shared targets without exactly one hit").isEmpty();
        }
    }

    @Nested
    class WithinOneInstance {

        /** Leases that count how often the store refused one, which is a command sent in vain. */
        static class CountingLeases extends Leases {

            final AtomicInteger refused = new AtomicInteger();

            CountingLeases(MongoTemplate mongo) {
                super(mongo, Clock.systemUTC());
            }

            @Override
            public Optional<Lease> tryAcquire(String name, String owner, Duration duration) {
                Optional<Lease> lease = super.tryAcquire(name, owner, duration);
                if (lease.isEmpty()) {
                    refused.incrementAndGet();
                }
                return lease;
            }
        }

        @Test
        void itsThreadsTakeATaskForcesTurnOneAfterAnotherWithoutAskingTheStoreInVain() throws Exception {
            CountingLeases leases = new CountingLeases(mongo);
            Instance instance = Instance.over(mongo, leases);
            int threadCount = 4;
            int leadsEach = 15;
            ExecutorService consumers = Executors.newFixedThreadPool(threadCount);
            try {
                CyclicBarrier start = new CyclicBarrier(threadCount);
                List<Future<List<TriageDecision>>> decided = new ArrayList<>();
                for (int t = 0; t < threadCount; t++) {
                    List<LeadSubmitted> leads = new ArrayList<>();
                    for (int i = 0; i < leadsEach; i++) {
                        leads.add(lead(HOUSTON, List.of(), List.of(new Identifier(IdentifierType.PHONE, phone()))));
                    }
                    decided.add(consumers.submit(() -> {
                        start.await();
                        List<TriageDecision> decisions = new ArrayList<>();
                        for (LeadSubmitted lead : leads) {
                            decisions.add(instance.triage().triage(lead));
                        }
                        return decisions;
                    }));
                }
                List<String> cases = new ArrayList<>();
                for (Future<List<TriageDecision>> thread : decided) {
                    thread.get(60, TimeUnit.SECONDS).forEach(decision -> cases.add(decision.caseId()));
                }
                assertThat(cases).as("a case of its own for each lead").doesNotHaveDuplicates();
                assertThat(cases).hasSize(threadCount * leadsEach);
                assertThat(leases.refused)
                        .as("leases refused to this instance's own threads")
                        .hasValue(0);
            } finally {
                consumers.shutdownNow();
            }
        }
    }

    /** Triages the first lead on the first instance and the second on the second, released at the same moment. */
    private List<TriageDecision> atOnce(LeadSubmitted one, LeadSubmitted other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<TriageDecision> a = threads.submit(() -> {
            start.await();
            return first.triage().triage(one);
        });
        Future<TriageDecision> b = threads.submit(() -> {
            start.await();
            return second.triage().triage(other);
        });
        return List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
    }

    private LeadSubmitted lead(String taskForceId, List<Subject> subjects, List<Identifier> identifiers) {
        return new LeadSubmitted(
                "lead-" + java.util.UUID.randomUUID(),
                "conc-agency",
                "conc-officer",
                taskForceId,
                "CONC-" + random.nextInt(1_000_000),
                Priority.ROUTINE,
                "Concurrent lead",
                null,
                OCCURRED,
                new Location(null, "Houston", "TX", null, null),
                subjects,
                identifiers,
                OCCURRED);
    }

    private String phone() {
        return "+1713" + (1_000_000 + random.nextInt(9_000_000));
    }

    /** A person nobody else in the store is named like: two made-up words and a date of birth. */
    private Subject person() {
        return new Subject(
                word() + " " + word(), LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20_000)), SubjectRole.SUSPECT);
    }

    private String word() {
        String consonants = "bdfgklmnprstvz";
        String vowels = "aeiou";
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            word.append(consonants.charAt(random.nextInt(consonants.length())));
            word.append(vowels.charAt(random.nextInt(vowels.length())));
        }
        return word.toString();
    }
}
