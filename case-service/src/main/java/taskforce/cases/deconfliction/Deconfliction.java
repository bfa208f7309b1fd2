package taskforce.cases.deconfliction;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseIdentifier;
import taskforce.cases.casefile.Cases;
import taskforce.cases.deconfliction.PersonMatcher.NearMiss;
import taskforce.cases.directory.Directory;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Subject;
import taskforce.platform.mongo.BucketedIndex;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;

/**
 * Finds, the moment a lead has joined or opened a case, every open case of another task force that carries one of
 * its identifiers (through an index keyed by the normalised value, never a scan) or names one of its people (through
 * {@link PersonIndex}), and records one hit per pair with
 * a {@code case.deconfliction-hit.v1} event for each side. The events say only how to get in touch: the other
 * case's number, task force and coordinator, and the kind of identifier; never the other case's content.
 */
@Service
public class Deconfliction {

    public static final String HITS = "deconfliction_hits";
    /** Key {@code TYPE|normalizedValue} → the case ids that carry it, across every task force ({@link BucketedIndex}). */
    public static final String TARGET_INDEX = "target_index";
    /** {@code _id = caseId} → the ids of its hits, so a case's hits are read by key. */
    public static final String HITS_OF_CASE = "case_hits";

    private static final Logger log = LoggerFactory.getLogger(Deconfliction.class);
    private static final int ATTEMPTS = 10;

    private final MongoTemplate mongo;
    private final AggregateStore<DeconflictionHit> hits;
    private final Cases cases;
    private final Directory directory;
    private final PersonIndex people;
    private final BucketedIndex targets;
    private final PossibleMatches possibleMatches;
    private final Clock clock;

    public Deconfliction(
            MongoTemplate mongo,
            OutboxRelay relay,
            Cases cases,
            Directory directory,
            PersonIndex people,
            PossibleMatches possibleMatches,
            Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.people = people;
        this.targets = new BucketedIndex(mongo, TARGET_INDEX, "caseIds");
        this.hits = new AggregateStore<>(mongo, relay, DeconflictionHit.class, HITS, false);
        this.cases = cases;
        this.directory = directory;
        this.possibleMatches = possibleMatches;
    }

    /**
     * Indexes the case's identifiers and people, and records a hit with each open case of another task force
     * sharing an identifier or naming the same person (by name and date of birth, see {@link PersonMatcher}), and a
     * possible match with each open case, of any task force, that may name one of the lead's people ({@link
     * PersonMatcher#nearMiss}).
     */
    public void check(String caseId, List<CaseIdentifier> identifiers, LeadSubmitted lead) {
        cases.find(caseId).map(Versioned::value).ifPresent(theCase -> check(theCase, identifiers, lead));
    }

    /** As {@link #check(String, List, LeadSubmitted)}, for the case as its caller has just written it. */
    public void check(Case theCase, List<CaseIdentifier> identifiers, LeadSubmitted lead) {
        String caseId = theCase.id();
        List<Subject> subjects = lead.subjects();
        Map<String, IdentifierType> others = new LinkedHashMap<>();
        // filed before looking: of two cases filed at the same moment on two instances, the one filed second reads
        // the first, and the pair's id makes a second finding a no-op
        for (CaseIdentifier identifier : identifiers) {
            String key = identifier.type().name() + "|" + identifier.normalizedValue();
            for (String other : targets.addAndRead(key, caseId, String.class)) {
                if (!other.equals(caseId)) {
                    others.putIfAbsent(other, identifier.type());
                }
            }
        }
        Set<PersonIndex.Filing> filed = people.add(caseId, theCase.taskForceId(), subjects);
        PersonIndex.Found named = people.lookUp(subjects, filed);
        for (PersonIndex.Candidate candidate : named.matches()) {
            if (!candidate.caseId().equals(caseId) && !candidate.taskForceId().equals(theCase.taskForceId())) {
                others.putIfAbsent(candidate.caseId(), IdentifierType.PERSON);
            }
        }
        for (PersonIndex.PossibleCandidate candidate : named.possibleMatches()) {
            if (!candidate.caseId().equals(caseId)
                    && !others.containsKey(candidate.caseId())
                    && isOpen(candidate.caseId())) {
                cases.find(candidate.caseId())
                        .map(Versioned::value)
                        .filter(other -> !other.purged())
                        .filter(other -> other.status() != CaseStatus.CLOSED && other.status() != CaseStatus.MERGED)
                        .ifPresent(other -> possibleMatches.record(
                                possibleMatch(theCase, other, lead, identifiers, candidate.nearMiss())));
            }
        }
        recordHits(theCase, others);
    }

    /**
     * Deconfliction follows a case into the task force that accepted it: its people are filed under the new task
     * force instead of the old (triage of that task force looks people up by it), and a hit is recorded with each open case of another task force, now including the
     * old one, that shares an identifier or a person with it. A case of the new task force is no longer a hit, but
     * what was recorded stays for the record. Repeating it changes nothing (every filing and hit goes by its key).
     */
    public void followTransfer(String caseId, String previousTaskForceId) {
        Optional<Case> found = cases.find(caseId).map(Versioned::value);
        if (found.isEmpty()) {
            return;
        }
        Case theCase = found.get();
        Map<String, IdentifierType> others = new LinkedHashMap<>();
        for (CaseIdentifier identifier : theCase.identifiers()) {
            String key = identifier.type().name() + "|" + identifier.normalizedValue();
            targets.add(key, caseId);
            for (String other : targets.read(key, String.class)) {
                if (!other.equals(caseId)) {
                    others.putIfAbsent(other, identifier.type());
                }
            }
        }
        Set<PersonIndex.Filing> filed =
                people.move(caseId, previousTaskForceId, theCase.taskForceId(), theCase.subjects());
        for (PersonIndex.Candidate candidate :
                people.lookUp(theCase.subjects(), filed).matches()) {
            if (!candidate.caseId().equals(caseId)) {
                others.putIfAbsent(candidate.caseId(), IdentifierType.PERSON);
            }
        }
        recordHits(theCase, others);
    }

    /**
     * Deconfliction follows a merge: the surviving case, which now holds the merged case's identifiers and people,
     * is filed under them across task forces and in the person index, so that the next lead or case naming them
     * finds the survivor (the merged case's own filings stay, and lookups pass over it as no longer open), and a hit
     * is recorded with each open case of another task force that shares one with it. Every filing and hit goes by
     * its key, so repeating it after a crash changes nothing.
     */
    public void followMerge(String survivorId) {
        Optional<Case> found = cases.find(survivorId).map(Versioned::value);
        if (found.isEmpty()) {
            return;
        }
        Case survivor = found.get();
        Map<String, IdentifierType> others = new LinkedHashMap<>();
        for (CaseIdentifier identifier : survivor.identifiers()) {
            String key = identifier.type().name() + "|" + identifier.normalizedValue();
            targets.add(key, survivorId);
            for (String other : targets.read(key, String.class)) {
                if (!other.equals(survivorId)) {
                    others.putIfAbsent(other, identifier.type());
                }
            }
        }
        Set<PersonIndex.Filing> filed = people.add(survivorId, survivor.taskForceId(), survivor.subjects());
        for (PersonIndex.Candidate candidate :
                people.lookUp(survivor.subjects(), filed).matches()) {
            if (!candidate.caseId().equals(survivorId)) {
                others.putIfAbsent(candidate.caseId(), IdentifierType.PERSON);
            }
        }
        recordHits(survivor, others);
    }

    /**
     * A hit with each case named that is open and of another task force than the case's own now. A case of the same
     * task force, or a closed one, is judged by its standing and never read whole.
     */
    private void recordHits(Case theCase, Map<String, IdentifierType> others) {
        others.forEach((otherId, matchedType) -> cases.standing(otherId)
                .filter(other -> !other.purged())
                .filter(other -> other.status() != CaseStatus.CLOSED && other.status() != CaseStatus.MERGED)
                .filter(other -> !theCase.taskForceId().equals(other.taskForceId()))
                .flatMap(other -> cases.find(otherId))
                .map(Versioned::value)
                .filter(other -> !other.purged())
                .filter(other -> other.status() != CaseStatus.CLOSED && other.status() != CaseStatus.MERGED)
                .filter(other -> !other.taskForceId().equals(theCase.taskForceId()))
                .ifPresent(other -> record(theCase, other, matchedType)));
    }

    private boolean isOpen(String caseId) {
        return cases.standing(caseId)
                .filter(other -> !other.purged())
                .filter(other -> other.status() != CaseStatus.CLOSED && other.status() != CaseStatus.MERGED)
                .isPresent();
    }

    /** A case's possible matches, whichever side raised them. */
    public List<PossibleMatch> possibleMatchesOf(String caseId) {
        return possibleMatches.of(caseId);
    }

    public Optional<Versioned<PossibleMatch>> possibleMatch(String id) {
        return possibleMatches.find(id);
    }

    /**
     * Records a coordinator's decision on a possible match and, for the same person, does what a match would have
     * done: within one task force the lead that raised it joins the other case ({@code case.lead-linked.v1} saying
     * who confirmed it); across task forces both cases get a {@code PERSON} hit. Deciding the same again changes
     * nothing but finishes what a crash may have left undone.
     */
    public PossibleMatch decide(Versioned<PossibleMatch> possible, PossibleMatch.Decision to, String by) {
        PossibleMatch decided = possible.value().decision() == to
                ? possible.value()
                : possibleMatches.decide(possible, to, by, clock.instant());
        if (to == PossibleMatch.Decision.SAME_PERSON) {
            if (decided.withinOneTaskForce()) {
                linkConfirmed(decided);
            } else {
                Optional<Case> found = cases.find(decided.found().caseId()).map(Versioned::value);
                Optional<Case> named = cases.find(decided.named().caseId()).map(Versioned::value);
                if (found.isPresent() && named.isPresent()) {
                    record(found.get(), named.get(), IdentifierType.PERSON);
                }
            }
        }
        return decided;
    }

    private void linkConfirmed(PossibleMatch decided) {
        PossibleMatch.RaisingLead raising = decided.lead();
        LeadSubmitted lead = new LeadSubmitted(
                raising.leadId(),
                raising.agencyId(),
                null,
                decided.found().taskForceId(),
                null,
                null,
                null,
                null,
                null,
                null,
                raising.subjects(),
                raising.identifiers().stream().map(CaseIdentifier::asWritten).toList(),
                null);
        String reason = "same person: " + decided.leadName() + " ~ " + decided.filedName() + ", born "
                + decided.dateOfBirth() + " (confirmed by " + decided.decidedBy() + ": " + decided.grounds() + ")";
        String joining = decided.named().caseId();
        for (int attempt = 1; ; attempt++) {
            Optional<Versioned<Case>> named = cases.find(joining);
            if (named.isEmpty()) {
                return;
            }
            if (named.get().value().mergedInto() != null
                    && !named.get().value().leadIds().contains(raising.leadId())) {
                // merged since the pair was raised: the survivor carries on, and takes the lead
                joining = named.get().value().mergedInto();
                continue;
            }
            Instant now = clock.instant();
            Case.Change change = named.get().value().linkLead(lead, raising.identifiers(), List.of(reason), now);
            if (!change.changed()) {
                return; // linked already
            }
            try {
                cases.update(named.get().version(), change.next(), Cases.events(change.next(), now, change.events()));
                people.add(joining, named.get().value().taskForceId(), raising.subjects());
                return;
            } catch (OptimisticLockingFailureException concurrent) {
                if (attempt >= ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    private PossibleMatch possibleMatch(
            Case found, Case named, LeadSubmitted lead, List<CaseIdentifier> identifiers, NearMiss nearMiss) {
        return new PossibleMatch(
                PossibleMatches.pairId(found.id(), named.id()),
                new PossibleMatch.RaisingLead(lead.leadId(), lead.agencyId(), lead.subjects(), identifiers),
                possibleSide(found),
                possibleSide(named),
                nearMiss.name(),
                nearMiss.otherName(),
                nearMiss.dateOfBirth(),
                nearMiss.grounds(),
                clock.instant(),
                PossibleMatch.Decision.UNDECIDED,
                null,
                null);
    }

    private PossibleMatch.Side possibleSide(Case c) {
        return new PossibleMatch.Side(
                c.id(),
                c.caseNumber(),
                c.taskForceId(),
                directory.coordinatorOf(c.taskForceId()).orElse(null));
    }

    /**
     * Erases what deconfliction holds of a purged case, as it stood before the purge ({@code before}; {@code
     * taskForceIds} every task force it was in): its filings under its identifiers and people, the hits it took
     * part in (each names both cases; the other side's list forgets it) and its possible matches. Every step goes
     * by key, so repeating it after a crash finishes what was left.
     */
    public void forget(Case before, Collection<String> taskForceIds) {
        String caseId = before.id();
        for (CaseIdentifier identifier : before.identifiers()) {
            targets.erase(identifier.type().name() + "|" + identifier.normalizedValue(), caseId);
        }
        people.forget(caseId, taskForceIds, before.subjects());
        Document entry = mongo.getCollection(HITS_OF_CASE)
                .find(new Document("_id", caseId))
                .first();
        if (entry != null) {
            for (String hitId : entry.getList("hitIds", String.class, List.of())) {
                Document hit = mongo.getCollection(HITS)
                        .find(new Document("_id", hitId))
                        .first();
                if (hit != null) {
                    for (Object side : hit.getList("sides", Document.class, List.of())) {
                        String other = ((Document) side).getString("caseId");
                        if (other != null && !other.equals(caseId)) {
                            mongo.getCollection(HITS_OF_CASE)
                                    .updateOne(
                                            new Document("_id", other),
                                            new Document("$pull", new Document("hitIds", hitId)));
                        }
                    }
                }
                mongo.getCollection(HITS).deleteOne(new Document("_id", hitId));
            }
            mongo.getCollection(HITS_OF_CASE).deleteOne(new Document("_id", caseId));
        }
        possibleMatches.forget(caseId);
    }

    public List<DeconflictionHit> hitsOf(String caseId) {
        Document entry = mongo.getCollection(HITS_OF_CASE)
                .find(new Document("_id", caseId))
                .first();
        if (entry == null) {
            return List.of();
        }
        List<DeconflictionHit> found = new ArrayList<>();
        for (String hitId : entry.getList("hitIds", String.class, List.of())) {
            hits.find(hitId).map(Versioned::value).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(DeconflictionHit::foundAt));
        return found;
    }

    public Optional<Versioned<DeconflictionHit>> hit(String hitId) {
        return hits.find(hitId);
    }

    /** Resolves the hit for one side; a stale version is refused by the store and the caller retries. */
    public DeconflictionHit resolve(Versioned<DeconflictionHit> hit, String caseId, Resolution to, String by) {
        DeconflictionHit resolved = hit.value().resolve(caseId, to, by, clock.instant());
        hits.update(resolved.id(), hit.version(), resolved, List.of());
        return resolved;
    }

    private void record(Case found, Case other, IdentifierType matchedType) {
        String hitId = pairId(found.id(), other.id());
        Instant now = clock.instant();
        DeconflictionHit.Side mine = side(found);
        DeconflictionHit.Side theirs = side(other);
        DeconflictionHit hit = new DeconflictionHit(hitId, List.of(mine, theirs), matchedType, now);
        List<CloudEvent> events = List.of(notice(hit, mine, theirs, now), notice(hit, theirs, mine, now));
        // a pair known already, perhaps resolved as different targets, is not announced again
        if (DuplicateKeys.insertIfAbsent(() -> hits.insert(hitId, hit, events))) {
            log.info(
                    "deconfliction hit between {} and {} on a {}", found.caseNumber(), other.caseNumber(), matchedType);
        }
        for (String caseId : List.of(found.id(), other.id())) {
            mongo.upsert(query(where("_id").is(caseId)), new Update().addToSet("hitIds", hitId), HITS_OF_CASE);
        }
    }

    private DeconflictionHit.Side side(Case c) {
        return new DeconflictionHit.Side(
                c.id(),
                c.caseNumber(),
                c.taskForceId(),
                directory.coordinatorOf(c.taskForceId()).orElse(null),
                Resolution.NEW,
                null,
                null);
    }

    private static CloudEvent notice(
            DeconflictionHit hit, DeconflictionHit.Side to, DeconflictionHit.Side other, Instant now) {
        return Cases.event(
                to.caseId(),
                now,
                new DeconflictionHitFound(
                        hit.id(),
                        to.caseId(),
                        to.caseNumber(),
                        to.taskForceId(),
                        other.caseNumber(),
                        other.taskForceId(),
                        other.coordinatorId(),
                        hit.matchedIdentifierType(),
                        now));
    }

    /** The same id for the pair whichever side found the other. */
    static String pairId(String a, String b) {
        String pair = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        return "hit-" + UUID.nameUUIDFromBytes(pair.getBytes(StandardCharsets.UTF_8));
    }
}
