package taskforce.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leads about shared targets: for each target, two officers of two agencies send it to one task force and a third
 * officer to another task force, all three at the same moment, all naming the same phone and the same person. So
 * within a task force two leads must end in one case, and across the two task forces their cases must raise one
 * deconfliction hit. Leads are retried under their Idempotency-Key until answered, as an agency's system does; each
 * task force's coordinator assigns every new case to the task force's agent as soon as it appears.
 */
final class SharedTargets implements AutoCloseable {

    record Officer(String memberId, String taskForceId, Api api) {}

    /** Who gets a task force's cases, and who assigns them. */
    record TaskForce(String id, Api coordinator, String assignee) {}

    record Target(int number, String phone, String name, LocalDate dateOfBirth) {}

    record Lead(Target target, Officer officer, String reference) {}

    // distinct in every letter that matters, so that the person matcher never takes one target for another
    private static final List<String> GIVEN_NAMES = List.of(
            "Aurelio",
            "Benedikt",
            "Cosmina",
            "Dagny",
            "Evander",
            "Florentyna",
            "Giedre",
            "Hamish",
            "Ignatius",
            "Jolanta",
            "Kasimir",
            "Leocadia",
            "Mstislav",
            "Nnamdi",
            "Octavian",
            "Perpetua",
            "Quirino",
            "Radomir",
            "Svanhild",
            "Thaddeus",
            "Ulrike",
            "Vasilisa",
            "Wendelin",
            "Xiomara",
            "Yevgeny",
            "Zbigniew");
    private static final List<String> SURNAMES = List.of(
            "Abernathy",
            "Blagojevich",
            "Castellanos",
            "Dziedzic",
            "Eriksdottir",
            "Fairweather",
            "Grzybowski",
            "Hollingsworth",
            "Iwasaki",
            "Jankowska",
            "Kowalczyk",
            "Lindqvist",
            "Montgomery",
            "Nakashima",
            "Oyelaran",
            "Papadopoulos",
            "Quisenberry",
            "Rasmussen",
            "Szczepanski",
            "Thistlewood",
            "Urquhart",
            "Vandermeer",
            "Wojciechowski",
            "Xanthopoulos",
            "Yamaguchi",
            "Zeferino");

    static final int MAX_TARGETS = GIVEN_NAMES.size();

    private final String run;
    private final List<Target> targets = new ArrayList<>();
    private final List<Officer> officers;
    private final Map<String, TaskForce> taskForces = new LinkedHashMap<>();
    private final String intake;
    private final String cases;
    private final ScheduledExecutorService senders = Executors.newScheduledThreadPool(12);
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor();

    final Map<Lead, String> leadIds = new ConcurrentHashMap<>();
    final Map<Lead, String> refused = new ConcurrentHashMap<>();
    final Map<Lead, String> rejected = new ConcurrentHashMap<>();
    final Map<Lead, String> caseOfLead = new ConcurrentHashMap<>();
    final Set<String> assignedCases = ConcurrentHashMap.newKeySet();
    final Map<Lead, Integer> attempts = new ConcurrentHashMap<>();
    volatile Instant startedAt;

    SharedTargets(
            String run,
            int first,
            int count,
            List<Officer> officers,
            List<TaskForce> taskForces,
            String intake,
            String cases) {
        if (first + count > MAX_TARGETS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_TARGETS + " targets in all, asked for " + first + " + " + count);
        }
        this.run = run;
        this.officers = List.copyOf(officers);
        taskForces.forEach(taskForce -> this.taskForces.put(taskForce.id(), taskForce));
        this.intake = intake;
        this.cases = cases;
        // numbered across runs: a person of one run must not be met again in the next, or it would raise hits there
        for (int i = first; i < first + count; i++) {
            targets.add(new Target(
                    i,
                    String.format("+1 713 %03d %04d", 200 + Math.abs(run.hashCode()) % 700, 1000 + i),
                    GIVEN_NAMES.get(i) + " " + SURNAMES.get((i * 7) % SURNAMES.size()),
                    LocalDate.of(1960 + i, 1 + i % 12, 1 + i % 28)));
        }
    }

    List<Target> targets() {
        return List.copyOf(targets);
    }

    List<Lead> leads() {
        List<Lead> leads = new ArrayList<>();
        for (Target target : targets) {
            for (Officer officer : officers) {
                leads.add(new Lead(target, officer, run + "-" + officer.memberId() + "-" + target.number()));
            }
        }
        return leads;
    }

    List<Lead> leadsOf(Target target) {
        return leads().stream().filter(lead -> lead.target().equals(target)).toList();
    }

    /** Sends each target's leads together, one target every {@code interval}. */
    SharedTargets start(Duration interval) {
        startedAt = Instant.now();
        int first = targets.get(0).number();
        for (Lead lead : leads()) {
            senders.schedule(
                    () -> submit(lead), (lead.target().number() - first) * interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        follower.scheduleWithFixedDelay(this::followUp, 300, 300, TimeUnit.MILLISECONDS);
        return this;
    }

    boolean allAnswered() {
        return leadIds.size() + refused.size() == leads().size();
    }

    boolean allTriagedAndAssigned() {
        return allAnswered()
                && caseOfLead.size() + rejected.size() == leadIds.size()
                && assignedCases.containsAll(caseOfLead.values());
    }

    private void submit(Lead lead) {
        attempts.merge(lead, 1, Integer::sum);
        Target target = lead.target();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskForceId", lead.officer().taskForceId());
        body.put("agencyReference", lead.reference());
        body.put("priority", "PRIORITY");
        body.put(
                "summary",
                "Scale-out target " + target.number() + " seen by "
                        + lead.officer().memberId());
        body.put("narrative", "Generated by the scale-out suite: the same phone and person reach two task forces.");
        body.put("occurredAt", Instant.now().minus(Duration.ofHours(2)).toString());
        body.put(
                "subjects",
                List.of(Map.of(
                        "name",
                        target.name(),
                        "dateOfBirth",
                        target.dateOfBirth().toString(),
                        "role",
                        "SUSPECT")));
        body.put("identifiers", List.of(Map.of("type", "PHONE", "value", target.phone())));
        Api.Answer answer = lead.officer()
                .api()
                .post(intake + "/api/leads", body, Map.of("Idempotency-Key", "scaleout-" + lead.reference()));
        if (answer.status() == 202 || answer.status() == 200) {
            leadIds.put(lead, answer.body().get("leadId").asString());
        } else if (answer.status() >= 400 && answer.status() < 500 && answer.status() != 429) {
            refused.put(lead, answer.status() + " " + answer.body());
        } else {
            // unreachable, 429 or 5xx: the same lead again shortly, under the same key
            senders.schedule(() -> submit(lead), 500, TimeUnit.MILLISECONDS);
        }
    }

    private void followUp() {
        try {
            leadIds.forEach((lead, leadId) -> {
                if (caseOfLead.containsKey(lead) || rejected.containsKey(lead)) {
                    return;
                }
                Api.Answer answer = lead.officer().api().get(intake + "/api/leads/" + leadId);
                if (answer.status() == 200) {
                    String status = answer.body().path("status").asString();
                    if ("LINKED".equals(status)) {
                        caseOfLead.put(lead, answer.body().get("caseId").asString());
                    } else if ("REJECTED".equals(status)) {
                        rejected.put(lead, answer.body().path("reason").asString());
                    }
                }
            });
            caseOfLead.forEach((lead, caseId) -> {
                if (assignedCases.contains(caseId)) {
                    return;
                }
                TaskForce taskForce = taskForces.get(lead.officer().taskForceId());
                Api.Answer answer = taskForce
                        .coordinator()
                        .post(
                                cases + "/api/cases/" + caseId + "/assignments",
                                Map.of("memberId", taskForce.assignee(), "role", "LEAD"),
                                Map.of());
                // 409: an earlier attempt got through but its answer was lost with an instance
                if (answer.status() == 201 || answer.status() == 409) {
                    assignedCases.add(caseId);
                }
            });
        } catch (RuntimeException e) {
            // the next round tries again: an instance going away mid-round is what the suite is about
        }
    }

    /** The case of each task force a target's leads were linked to, as distinct case ids per task force. */
    Map<String, Set<String>> casesByTaskForce(Target target) {
        Map<String, Set<String>> byTaskForce = new LinkedHashMap<>();
        for (Lead lead : leadsOf(target)) {
            String caseId = caseOfLead.get(lead);
            if (caseId != null) {
                byTaskForce
                        .computeIfAbsent(lead.officer().taskForceId(), id -> new TreeSet<>())
                        .add(caseId);
            }
        }
        return byTaskForce;
    }

    /** Every case of a task force the leads were linked to. */
    Set<String> casesOf(String taskForceId) {
        Set<String> ids = new TreeSet<>();
        caseOfLead.forEach((lead, caseId) -> {
            if (lead.officer().taskForceId().equals(taskForceId)) {
                ids.add(caseId);
            }
        });
        return ids;
    }

    @Override
    public void close() {
        senders.shutdownNow();
        follower.shutdownNow();
    }
}
