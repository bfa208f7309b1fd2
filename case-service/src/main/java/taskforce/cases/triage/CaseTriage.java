package taskforce.cases.triage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseIdentifier;
import taskforce.cases.casefile.Cases;
import taskforce.cases.deconfliction.Deconfliction;
import taskforce.cases.deconfliction.PersonIndex;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.TaskForce;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.TriageOutcome;
import taskforce.platform.lease.Leases;
import taskforce.platform.mongo.BucketedIndex;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;

/**
 * Turns every submitted lead into a case exactly once: it links the lead to an open case of the same task
 * force that already carries one of its identifiers, or failing that names one of its people (same name and
 * date of birth, as {@link PersonIndex} finds them), or opens a new case; a lead for a task force the directory
 * does not know is rejected.
 *
 * <p>Every step can be repeated after a crash: the decision is stored per lead before it is carried out, the
 * new case's id is derived from the lead id, a case that already lists the lead is not linked again, and the
 * identifier index only ever gains case ids. {@code lead.triaged} leaves in the same write as the case change
 * (or, for a rejection, as the decision).
 */
@Service
public class CaseTriage {

    public static final String DECISIONS = "triage_decisions";
    public static final String IDENTIFIER_INDEX = "identifier_index";
    public static final String COUNTERS = CaseNumberSeries.COUNTERS;

    private static final Logger log = LoggerFactory.getLogger(CaseTriage.class);
    private static final int ATTEMPTS = 10;
    /** Far longer than one lead's decision takes; a holder that dies blocks its task force at most this long. */
    private static final Duration TURN = Duration.ofSeconds(30);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(1);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(20);

    private final MongoTemplate mongo;
    private final Directory directory;
    private final Cases cases;
    private final AggregateStore<TriageDecision> decisions;
    private final Deconfliction deconfliction;
    private final PersonIndex people;
    private final Leases leases;
    /** A lock per task force's turn, held by the one thread of this instance that may ask for the lease. */
    private final ConcurrentMap<String, Lock> turnsQueuedHere = new ConcurrentHashMap<>();

    private final BucketedIndex identifierIndex;
    private final IdentifierNormalizer normalizer = new IdentifierNormalizer();
    private final CaseNumberSeries numbers;
    private final Clock clock;

    public CaseTriage(
            MongoTemplate mongo,
            OutboxRelay relay,
            Directory directory,
            Cases cases,
            Deconfliction deconfliction,
            PersonIndex people,
            Leases leases,
            Clock clock) {
        this.mongo = mongo;
        this.leases = leases;
        this.clock = clock;
        this.identifierIndex = new BucketedIndex(mongo, IDENTIFIER_INDEX, "caseIds");
        this.numbers = new CaseNumberSeries(mongo);
        this.people = people;
        this.directory = directory;
        this.cases = cases;
        this.deconfliction = deconfliction;
        this.decisions = new AggregateStore<>(mongo, relay, TriageDecision.class, DECISIONS, false);
    }

    /** The case id a lead that opens a case gets, the same on every delivery. */
    public static String caseIdFor(String leadId) {
        return UUID.nameUUIDFromBytes(("case-for-lead:" + leadId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public Optional<TriageDecision> decision(String leadId) {
        return decisions.find(leadId).map(Versioned::value);
    }

    public TriageDecision triage(LeadSubmitted lead) {
        if (lead.leadId() == null || lead.leadId().isBlank()) {
            throw new IllegalArgumentException("lead.submitted without leadId");
        }
        List<CaseIdentifier> identifiers = normalized(lead);
        TriageDecision decision = inTurnOf(lead.taskForceId(), () -> {
            // the last bucket of each identifier's index entry as deciding read it, where filing starts (in the turn,
            // no other lead of the task force files under these keys meanwhile; a later bucket is found all the same)
            Map<String, Long> indexHeads = new java.util.HashMap<>();
            TriageDecision decided = decision(lead.leadId()).orElseGet(() -> decide(lead, identifiers, indexHeads));
            if (decided.outcome() == TriageOutcome.LINKED) {
                carryOut(decided, lead, identifiers, indexHeads);
            }
            return decided;
        });
        return decision;
    }

    /**
     * Runs one lead's decision and its filing in the task force's turn ({@link Leases}, one holder across every
     * instance): the decision reads the identifier and person indexes, and the next lead of the task force must
     * find what this one filed there, or two leads about one target would each open a case. Deciding and filing
     * under one claim is the claim-first, read-second rule of planned operations, for a decision that rests on
     * fuzzy person matches rather than on exact keys.
     *
     * <p>This instance's own consumer threads queue for a turn on a lock of their own first, in arrival order, so
     * that only one of them at a time asks the store for the lease. Left to poll the store, at 50 leads/s they
     * collided about 40 times a second on one task force's lease, each collision a failed command and a pause of
     * up to {@link #LONGEST_PAUSE} after the turn was already free. Other instances still meet at the lease.
     */
    private <T> T inTurnOf(String taskForceId, Supplier<T> work) {
        String turn = "triage:" + taskForceId;
        Lock queue = turnsQueuedHere.computeIfAbsent(turn, name -> new ReentrantLock(true));
        try {
            if (!queue.tryLock(TURN.multipliedBy(2).toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("the triage turn of task force " + taskForceId + " stayed taken here");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the triage turn of " + taskForceId, e);
        }
        try {
            return inLeasedTurn(turn, taskForceId, work);
        } finally {
            queue.unlock();
        }
    }

    private <T> T inLeasedTurn(String turn, String taskForceId, Supplier<T> work) {
        String claimant = UUID.randomUUID().toString();
        long pauseNanos = FIRST_PAUSE.toNanos();
        // counted in pauses taken, not read from the clock: a test's fixed clock would otherwise never give up
        long patienceNanos = TURN.multipliedBy(2).toNanos();
        while (true) {
            Optional<Leases.Lease> held = leases.tryAcquire(turn, claimant, TURN);
            if (held.isPresent()) {
                try {
                    return work.get();
                } finally {
                    leases.release(held.get());
                }
            }
            if (patienceNanos <= 0) {
                // the listener's retry and dead-letter handling take over; nothing is lost
                throw new IllegalStateException("the triage turn of task force " + taskForceId + " stayed taken");
            }
            LockSupport.parkNanos(pauseNanos);
            patienceNanos -= pauseNanos;
            pauseNanos = Math.min(pauseNanos * 2, LONGEST_PAUSE.toNanos());
        }
    }

    private TriageDecision decide(LeadSubmitted lead, List<CaseIdentifier> identifiers, Map<String, Long> indexHeads) {
        Instant now = clock.instant();
        Optional<TaskForce> taskForce = directory.taskForce(lead.taskForceId());
        if (taskForce.isEmpty()) {
            String reason = "unknown task force " + lead.taskForceId();
            TriageDecision rejected = new TriageDecision(
                    lead.leadId(),
                    lead.taskForceId(),
                    lead.agencyId(),
                    TriageOutcome.REJECTED,
                    null,
                    null,
                    false,
                    reason,
                    now,
                    List.of(),
                    null,
                    null,
                    null);
            LeadTriaged triaged = new LeadTriaged(
                    lead.leadId(),
                    lead.agencyId(),
                    lead.taskForceId(),
                    TriageOutcome.REJECTED,
                    null,
                    null,
                    null,
                    reason,
                    now);
            return store(rejected, List.of(Cases.event(lead.leadId(), now, triaged)));
        }
        List<PersonIndex.Candidate> samePeople = people.casesNaming(lead.subjects());
        List<Matching> open = openCasesMatching(lead.taskForceId(), identifiers, samePeople, indexHeads);
        TriageDecision decision;
        if (!open.isEmpty()) {
            Cases.Standing joined = open.get(0).standing();
            Optional<Matching> other = open.stream().skip(1).findFirst();
            decision = new TriageDecision(
                    lead.leadId(),
                    lead.taskForceId(),
                    lead.agencyId(),
                    TriageOutcome.LINKED,
                    joined.caseId(),
                    joined.caseNumber(),
                    false,
                    null,
                    now,
                    reasons(samePeople, joined.caseId()),
                    other.map(m -> m.standing().caseId()).orElse(null),
                    other.map(m -> m.standing().caseNumber()).orElse(null),
                    other.map(Matching::reason).orElse(null));
        } else {
            String caseNumber = nextCaseNumber(taskForce.get(), LocalDate.ofInstant(now, ZoneOffset.UTC));
            decision = new TriageDecision(
                    lead.leadId(),
                    lead.taskForceId(),
                    lead.agencyId(),
                    TriageOutcome.LINKED,
                    caseIdFor(lead.leadId()),
                    caseNumber,
                    true,
                    null,
                    now,
                    List.of(),
                    null,
                    null,
                    null);
        }
        return store(decision, List.of());
    }

    /** Stores the decision unless another delivery stored one first, and answers the one that counts. */
    private TriageDecision store(TriageDecision decision, List<CloudEvent> events) {
        if (DuplicateKeys.insertIfAbsent(() -> decisions.insert(decision.id(), decision, events))) {
            return decision;
        }
        return decision(decision.id())
                .orElseThrow(
                        () -> new IllegalStateException("decision " + decision.id() + " exists but reads as absent"));
    }

    private void carryOut(
            TriageDecision decision,
            LeadSubmitted lead,
            List<CaseIdentifier> identifiers,
            Map<String, Long> indexHeads) {
        Optional<Case> written =
                decision.newCase() ? openCase(decision, lead, identifiers) : linkCase(decision, lead, identifiers);
        index(lead.taskForceId(), identifiers, decision.caseId(), indexHeads);
        // still in the turn: deconfliction files the lead's people, which the task force's next lead must find;
        // after the case exists: a crash before this point repeats the whole carry-out on redelivery. The case just
        // written is handed over; one written by an earlier delivery is read.
        if (written.isPresent()) {
            deconfliction.check(written.get(), identifiers, lead);
        } else {
            deconfliction.check(decision.caseId(), identifiers, lead);
        }
    }

    /**
     * Opens the case by inserting it, its id derived from the lead's; answers it, or empty when an earlier delivery
     * opened it (the insert collides on {@code _id}, so the case is not read first).
     */
    private Optional<Case> openCase(TriageDecision decision, LeadSubmitted lead, List<CaseIdentifier> identifiers) {
        Instant now = clock.instant();
        Case.Change change = Case.open(decision.caseId(), decision.caseNumber(), lead, identifiers, now);
        List<CloudEvent> events = new java.util.ArrayList<>(Cases.events(change.next(), now, change.events()));
        events.add(triaged(decision, lead, now));
        if (DuplicateKeys.insertIfAbsent(() -> cases.insert(change.next(), events))) {
            log.info("lead {} opened case {}", lead.leadId(), decision.caseNumber());
            return Optional.of(change.next());
        }
        return Optional.empty(); // opened by an earlier delivery
    }

    /** Links the lead to the case (or its survivor); answers the case as written, or empty if linked before. */
    private Optional<Case> linkCase(TriageDecision decision, LeadSubmitted lead, List<CaseIdentifier> identifiers) {
        String caseId = decision.caseId();
        for (int attempt = 1; ; attempt++) {
            String joining = caseId;
            Versioned<Case> current = cases.find(joining)
                    .orElseThrow(() -> new IllegalStateException(
                            "lead " + lead.leadId() + " was to join case " + joining + ", which is gone"));
            if (current.value().mergedInto() != null
                    && !current.value().leadIds().contains(lead.leadId())) {
                // merged after this lead's decision was stored: the survivor carries on, and takes the lead
                caseId = current.value().mergedInto();
                continue;
            }
            Instant now = clock.instant();
            Case.Change change = current.value().linkLead(lead, identifiers, decision.matchedPeople(), now);
            if (!change.changed()) {
                return Optional.empty(); // linked by an earlier delivery
            }
            List<CaseEventData> payloads = new java.util.ArrayList<>(change.events());
            Case next = change.next();
            if (decision.alsoMatchedCaseId() != null) {
                // in the same write as the link, so that a lead proposes at most once, whatever its deliveries
                Case.Change proposal = next.proposeMerge(
                        decision.alsoMatchedCaseId(),
                        decision.alsoMatchedCaseNumber(),
                        lead.leadId(),
                        decision.alsoMatchedReason(),
                        now);
                payloads.addAll(proposal.events());
                next = proposal.next();
            }
            List<CloudEvent> events = new java.util.ArrayList<>(Cases.events(next, now, payloads));
            events.add(triaged(decision, lead, now));
            try {
                cases.update(current.version(), next, events);
                log.info("lead {} joined case {}", lead.leadId(), decision.caseNumber());
                return Optional.of(next);
            } catch (OptimisticLockingFailureException concurrent) {
                if (attempt >= ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    private static CloudEvent triaged(TriageDecision decision, LeadSubmitted lead, Instant now) {
        return Cases.event(
                lead.leadId(),
                now,
                new LeadTriaged(
                        lead.leadId(),
                        lead.agencyId(),
                        lead.taskForceId(),
                        TriageOutcome.LINKED,
                        decision.caseId(),
                        decision.caseNumber(),
                        decision.newCase(),
                        null,
                        now));
    }

    // ---- identifier index: key taskForceId|TYPE|normalizedValue -> caseIds, bucketed

    // candidates are judged by their standing alone; only the case the lead joins is read whole (linkCase)

    /** An open case of the lead's task force that the lead matches, and why. */
    private record Matching(Cases.Standing standing, String reason) {}

    /**
     * The open cases of the task force the lead matches, at most two: the first (by the lead's identifiers, then
     * its people) is the one it joins; a second is proposed to the coordinator for a merge. Judged by standing alone,
     * and the reading stops at the second.
     */
    private List<Matching> openCasesMatching(
            String taskForceId,
            List<CaseIdentifier> identifiers,
            List<PersonIndex.Candidate> samePeople,
            Map<String, Long> indexHeads) {
        Map<String, Matching> found = new LinkedHashMap<>();
        for (CaseIdentifier identifier : identifiers) {
            for (String caseId : identifierIndex.read(indexKey(taskForceId, identifier), String.class, indexHeads)) {
                if (found.size() == 2) {
                    return List.copyOf(found.values());
                }
                if (!found.containsKey(caseId)) {
                    cases.standing(caseId)
                            .filter(candidate -> candidate.openIn(taskForceId))
                            .ifPresent(candidate -> found.put(
                                    caseId,
                                    new Matching(
                                            candidate,
                                            "the lead's " + identifier.type().name() + " " + identifier.value()
                                                    + " is on " + candidate.caseNumber())));
                }
            }
        }
        for (PersonIndex.Candidate candidate : samePeople) {
            if (found.size() == 2) {
                break;
            }
            if (taskForceId.equals(candidate.taskForceId()) && !found.containsKey(candidate.caseId())) {
                cases.standing(candidate.caseId())
                        .filter(standing -> standing.openIn(taskForceId))
                        .ifPresent(standing -> found.put(
                                candidate.caseId(),
                                new Matching(standing, candidate.match().reason() + " on " + standing.caseNumber())));
            }
        }
        return List.copyOf(found.values());
    }

    private static List<String> reasons(List<PersonIndex.Candidate> samePeople, String caseId) {
        return samePeople.stream()
                .filter(candidate -> candidate.caseId().equals(caseId))
                .map(candidate -> candidate.match().reason())
                .toList();
    }

    /**
     * Files the case under its identifiers in the task force's part of the index: after triage, and after a
     * transfer, so that the receiving task force's next lead carrying one of them joins the case.
     */
    public void index(String taskForceId, List<CaseIdentifier> identifiers, String caseId) {
        index(taskForceId, identifiers, caseId, Map.of());
    }

    /** As {@link #index(String, List, String)}, starting each key at the last bucket deciding found, where it did. */
    private void index(String taskForceId, List<CaseIdentifier> identifiers, String caseId, Map<String, Long> heads) {
        for (CaseIdentifier identifier : identifiers) {
            String key = indexKey(taskForceId, identifier);
            Long last = heads.get(key);
            if (last == null) {
                identifierIndex.add(key, caseId);
            } else {
                identifierIndex.add(key, caseId, last);
            }
        }
    }

    /** Where the identifier index files a case of the task force under the identifier (erasure unfiles it). */
    public static String indexKey(String taskForceId, CaseIdentifier identifier) {
        return taskForceId + "|" + identifier.type().name() + "|" + identifier.normalizedValue();
    }

    private List<CaseIdentifier> normalized(LeadSubmitted lead) {
        if (lead.identifiers() == null) {
            return List.of();
        }
        return lead.identifiers().stream()
                .filter(i -> i != null
                        && i.type() != null
                        && i.value() != null
                        && !i.value().isBlank())
                .map(i -> new CaseIdentifier(i.type(), i.value(), normalizer.normalize(i)))
                .toList();
    }

    // ---- case numbers: the series transfers number from too

    private String nextCaseNumber(TaskForce taskForce, LocalDate day) {
        return numbers.next(taskForce, day);
    }
}
