package taskforce.cases.demo;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.Cases;
import taskforce.cases.casefile.Roster;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Member;
import taskforce.cases.directory.TaskForce;
import taskforce.cases.triage.CaseNumbers;
import taskforce.contracts.EventCodec;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;
import taskforce.contracts.cases.SeizureCategory;
import taskforce.contracts.cases.SeizureUnit;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Priority;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * With {@code taskforce.reports.seed-demo-outcomes} on (the {@code demo} profile of the local stack and compose), gives every demo task force a year of
 * plausible closed and open cases with outcomes, so that the results page has something to show.
 *
 * <p>The demo cases are real cases written through the cases' aggregate store with their events, titled
 * "Demo: …", numbered {@code …-DEMOnnn} (never a substring of a real case number) and with ids
 * {@code demo-<taskForceId>-nnn}. They carry no identifiers, so they raise no deconfliction, and no assignments, so
 * nobody is notified. A fixed random seed per task force makes the figures the same on every start; a case whose id
 * exists already is skipped, so a restart or a second instance starting at the same time adds nothing twice.
 * It runs once the application is ready, after the directory seeder has put the demo task forces in place.
 */
@Component
public class DemoOutcomesSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoOutcomesSeeder.class);

    static final String ID_PREFIX = "demo-";
    static final String TITLE_PREFIX = "Demo: ";
    static final int CASES_PER_TASK_FORCE = 36;
    private static final long SEED = 20_261_001L;
    private static final int DAYS = 365;

    record DemoDirectory(List<TaskForce> taskForces, List<Member> members) {}

    private static final Roster SEEDING = new Roster() {
        @Override
        public boolean isMember(String memberId) {
            return true;
        }

        @Override
        public boolean isCoordinator(String memberId) {
            return true;
        }

        @Override
        public boolean takesPart(String agencyId, java.time.LocalDate day) {
            return true;
        }
    };

    private final Cases cases;
    private final Directory directory;
    private final boolean enabled;
    private final Clock clock;

    DemoOutcomesSeeder(
            Cases cases,
            Directory directory,
            @Value("${taskforce.reports.seed-demo-outcomes:false}") boolean enabled,
            Clock clock) {
        this.clock = clock;
        this.cases = cases;
        this.directory = directory;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedWhenEnabled() {
        if (enabled) {
            int added = seed();
            log.info("seeded {} demo cases with outcomes", added);
        }
    }

    /** Adds the demo cases that do not exist yet and answers how many it added. */
    public int seed() {
        DemoDirectory demo = read();
        // a day boundary as "now": two starts on the same day write the very same cases
        Instant until = clock.instant().truncatedTo(ChronoUnit.DAYS);
        int added = 0;
        for (TaskForce listed : demo.taskForces()) {
            TaskForce taskForce = directory.taskForce(listed.id()).orElse(null);
            if (taskForce == null) {
                continue;
            }
            List<Member> members = demo.members().stream()
                    .filter(m -> m.belongsTo(taskForce.id()))
                    .toList();
            if (members.isEmpty()) {
                continue;
            }
            Random random = new Random(SEED ^ taskForce.id().hashCode());
            for (int i = 1; i <= CASES_PER_TASK_FORCE; i++) {
                // drawn for every case, existing or not, so that each case gets the same numbers on every start
                Seeded demoCase = demoCase(taskForce, members, i, random, until);
                if (cases.find(demoCase.state().id()).isPresent()) {
                    continue;
                }
                added += insert(demoCase);
            }
        }
        return added;
    }

    /** A demo case as it stands now and every event that brought it there, oldest first. */
    record Seeded(Case state, List<CaseEventData> events) {}

    private int insert(Seeded demoCase) {
        return DuplicateKeys.insertIfAbsent(() -> cases.insert(
                        demoCase.state(), Cases.events(demoCase.state(), clock.instant(), demoCase.events())))
                ? 1
                : 0;
    }

    private static Seeded demoCase(TaskForce taskForce, List<Member> members, int n, Random random, Instant until) {
        String program = taskForce.program() == null ? "" : taskForce.program().toUpperCase(Locale.ROOT);
        Member coordinator = members.stream()
                .filter(m -> m.coordinates(taskForce.id()))
                .findFirst()
                .orElse(members.get(0));
        // spread evenly over the year, the newest a day or two old
        long daysAgo = DAYS - (long) n * (DAYS - 1) / CASES_PER_TASK_FORCE + random.nextInt(3);
        Instant openedAt = until.minus(Duration.ofDays(daysAgo)).plus(Duration.ofMinutes(8 * 60 + random.nextInt(600)));
        String id = ID_PREFIX + taskForce.id() + "-" + String.format(Locale.ROOT, "%03d", n);
        String number = CaseNumbers.prefix(program, taskForce.area(), LocalDate.ofInstant(openedAt, ZoneOffset.UTC))
                + "-DEMO" + String.format(Locale.ROOT, "%03d", n);
        Member submitter = members.get(random.nextInt(members.size()));
        Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
        LeadSubmitted lead = new LeadSubmitted(
                "demo-seed-lead-" + id,
                submitter.agencyId(),
                submitter.id(),
                taskForce.id(),
                null,
                priority,
                TITLE_PREFIX + title(program, random),
                "Demonstration data seeded by the local stack; not real work.",
                openedAt,
                null,
                List.of(),
                List.of(),
                openedAt);
        List<CaseEventData> events = new ArrayList<>();
        Case.Change opened = Case.open(id, number, lead, List.of(), openedAt);
        events.addAll(opened.events());
        Case state = opened.next();

        long ageHours = Duration.between(openedAt, until).toHours();
        int outcomes = 1 + random.nextInt(4);
        Instant last = openedAt;
        for (int o = 1; o <= outcomes; o++) {
            Instant occurredAt = openedAt.plus(Duration.ofHours(1 + random.nextInt((int) Math.max(2, ageHours - 2))));
            Member credited = members.get(random.nextInt(members.size()));
            Outcome outcome = outcome(program, random);
            Case.Change recorded = state.recordOutcome(
                    id + "-o" + o,
                    outcome.type(),
                    outcome.count(),
                    outcome.seizure(),
                    credited.agencyId(),
                    occurredAt,
                    credited.id(),
                    SEEDING,
                    occurredAt);
            events.addAll(recorded.events());
            state = recorded.next();
            last = occurredAt.isAfter(last) ? occurredAt : last;
        }
        // older cases mostly closed, the last weeks' mostly still open
        boolean closes = ageHours > 45 * 24 ? random.nextInt(10) < 9 : random.nextInt(10) < 2;
        if (closes) {
            long room = Math.max(1, Duration.between(last, until).toHours() - 1);
            Instant closedAt = last.plus(Duration.ofHours(1 + random.nextLong(Math.min(room, 21 * 24))));
            Case.Change closed = state.changeStatus(
                    CaseStatus.CLOSED, "Demo: investigation concluded", coordinator.id(), SEEDING, closedAt);
            events.addAll(closed.events());
            state = closed.next();
        }
        return new Seeded(state, events);
    }

    record Outcome(OutcomeType type, int count, Seizure seizure) {}

    /** One kind of outcome a program reports, drawn with its weight out of 100. */
    private record Kind(int weight, Function<Random, Outcome> draw) {}

    private static final Map<String, List<Kind>> KINDS = Map.of(
            "BEST",
            List.of(
                    new Kind(30, r -> seizure(SeizureCategory.NARCOTICS, weight(r, 2, 120), SeizureUnit.KG)),
                    new Kind(15, r -> seizure(SeizureCategory.CURRENCY, dollars(r, 5_000, 400_000), SeizureUnit.USD)),
                    new Kind(15, r -> seizure(SeizureCategory.FIREARMS, whole(r, 1, 25), SeizureUnit.EACH)),
                    new Kind(25, r -> counted(OutcomeType.ARREST, 1 + r.nextInt(5))),
                    new Kind(10, r -> counted(OutcomeType.REMOVAL, 1 + r.nextInt(3))),
                    new Kind(5, r -> counted(OutcomeType.INDICTMENT, 1 + r.nextInt(3)))),
            "GANG",
            List.of(
                    new Kind(30, r -> seizure(SeizureCategory.FIREARMS, whole(r, 1, 15), SeizureUnit.EACH)),
                    new Kind(30, r -> counted(OutcomeType.ARREST, 1 + r.nextInt(6))),
                    new Kind(15, r -> counted(OutcomeType.INDICTMENT, 1 + r.nextInt(4))),
                    new Kind(10, r -> counted(OutcomeType.CONVICTION, 1 + r.nextInt(3))),
                    new Kind(10, r -> seizure(SeizureCategory.NARCOTICS, weight(r, 1, 30), SeizureUnit.LB)),
                    new Kind(5, r -> seizure(SeizureCategory.CURRENCY, dollars(r, 1_000, 60_000), SeizureUnit.USD))),
            "HSTF",
            List.of(
                    new Kind(35, r -> counted(OutcomeType.ARREST, 1 + r.nextInt(4))),
                    new Kind(25, r -> counted(OutcomeType.VICTIM_IDENTIFIED, 1 + r.nextInt(6))),
                    new Kind(15, r -> counted(OutcomeType.REMOVAL, 1 + r.nextInt(4))),
                    new Kind(15, r -> seizure(SeizureCategory.CURRENCY, dollars(r, 2_000, 150_000), SeizureUnit.USD)),
                    new Kind(10, r -> counted(OutcomeType.INDICTMENT, 1 + r.nextInt(3)))),
            "CETF",
            List.of(
                    new Kind(35, r -> counted(OutcomeType.VICTIM_IDENTIFIED, 1 + r.nextInt(4))),
                    new Kind(35, r -> counted(OutcomeType.ARREST, 1 + r.nextInt(2))),
                    new Kind(18, r -> counted(OutcomeType.INDICTMENT, 1)),
                    new Kind(12, r -> counted(OutcomeType.CONVICTION, 1))),
            "DBFTF",
            List.of(
                    new Kind(35, r -> seizure(SeizureCategory.DOCUMENTS, whole(r, 5, 300), SeizureUnit.EACH)),
                    new Kind(30, r -> counted(OutcomeType.ARREST, 1 + r.nextInt(3))),
                    new Kind(17, r -> counted(OutcomeType.INDICTMENT, 1 + r.nextInt(3))),
                    new Kind(10, r -> counted(OutcomeType.CONVICTION, 1 + r.nextInt(2))),
                    new Kind(8, r -> counted(OutcomeType.REMOVAL, 1))));

    private static final List<Kind> ANY_PROGRAM =
            List.of(new Kind(100, r -> counted(OutcomeType.ARREST, 1 + r.nextInt(3))));

    private static Outcome outcome(String program, Random random) {
        int roll = random.nextInt(100);
        List<Kind> kinds = KINDS.getOrDefault(program, ANY_PROGRAM);
        for (Kind kind : kinds) {
            if (roll < kind.weight()) {
                return kind.draw().apply(random);
            }
            roll -= kind.weight();
        }
        return kinds.get(kinds.size() - 1).draw().apply(random);
    }

    private static Outcome counted(OutcomeType type, int count) {
        return new Outcome(type, count, null);
    }

    private static Outcome seizure(SeizureCategory category, BigDecimal quantity, SeizureUnit unit) {
        return new Outcome(OutcomeType.SEIZURE, 1, new Seizure(category, quantity, unit));
    }

    private static BigDecimal weight(Random random, int min, int max) {
        return BigDecimal.valueOf(min * 10L + random.nextInt((max - min) * 10 + 1), 1);
    }

    private static BigDecimal dollars(Random random, int min, int max) {
        return BigDecimal.valueOf(min + random.nextInt(max - min + 1)).setScale(2, RoundingMode.UNNECESSARY);
    }

    private static BigDecimal whole(Random random, int min, int max) {
        return BigDecimal.valueOf(min + random.nextInt(max - min + 1));
    }

    private static String title(String program, Random random) {
        List<String> titles = switch (program) {
            case "BEST" ->
                List.of(
                        "Tractor-trailer narcotics load at the port",
                        "Bulk cash courier on I-10",
                        "Firearms trafficking to the border",
                        "Stash house on the east side");
            case "GANG" ->
                List.of(
                        "Clique drive-by series",
                        "Gun-running through a pawn shop",
                        "Extortion of street vendors",
                        "Street-level distribution crew");
            case "HSTF" ->
                List.of(
                        "Smuggling load house",
                        "Labor trafficking at a farm",
                        "Sex trafficking through online ads",
                        "Guide network at the crossing");
            case "CETF" ->
                List.of(
                        "Online enticement of a minor",
                        "Distribution of exploitation material",
                        "Sextortion of teenagers",
                        "Travel to meet a minor");
            case "DBFTF" ->
                List.of(
                        "Counterfeit identity documents mill",
                        "Benefit fraud ring",
                        "Marriage fraud broker",
                        "Forged employment authorisations");
            default -> List.of("Investigation");
        };
        return titles.get(random.nextInt(titles.size()));
    }

    private static DemoDirectory read() {
        try (InputStream in = new ClassPathResource("demo-directory.json").getInputStream()) {
            return EventCodec.instance().mapper().readValue(in, DemoDirectory.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read demo-directory.json", e);
        }
    }
}
