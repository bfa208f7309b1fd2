package taskforce.cases.deconfliction;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseIdentifier;
import taskforce.cases.casefile.Cases;
import taskforce.cases.directory.Directory;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.Subject;
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
    /** {@code _id = TYPE|normalizedValue} → the case ids that carry it, across every task force. */
    public static final String TARGET_INDEX = "target_index";
    /** {@code _id = caseId} → the ids of its hits, so a case's hits are read by key. */
    public static final String HITS_OF_CASE = "case_hits";

    private static final Logger log = LoggerFactory.getLogger(Deconfliction.class);

    private final MongoTemplate mongo;
    private final AggregateStore<DeconflictionHit> hits;
    private final Cases cases;
    private final Directory directory;
    private final PersonIndex people;
    private final Clock clock = Clock.systemUTC();

    public Deconfliction(MongoTemplate mongo, OutboxRelay relay, Cases cases, Directory directory, PersonIndex people) {
        this.mongo = mongo;
        this.people = people;
        this.hits = new AggregateStore<>(mongo, relay, DeconflictionHit.class, HITS, false);
        this.cases = cases;
        this.directory = directory;
    }

    /**
     * Indexes the case's identifiers and people, and records a hit with each open case of another task force
     * sharing an identifier or naming the same person (by name and date of birth, see {@link PersonMatcher}).
     */
    public void check(String caseId, List<CaseIdentifier> identifiers, List<Subject> subjects) {
        Optional<Case> found = cases.find(caseId).map(Versioned::value);
        if (found.isEmpty()) {
            return;
        }
        Case theCase = found.get();
        Map<String, IdentifierType> others = new LinkedHashMap<>();
        for (CaseIdentifier identifier : identifiers) {
            String key = identifier.type().name() + "|" + identifier.normalizedValue();
            Document entry = mongo.getCollection(TARGET_INDEX)
                    .find(new Document("_id", key))
                    .first();
            if (entry != null) {
                for (String other : entry.getList("caseIds", String.class, List.of())) {
                    if (!other.equals(caseId)) {
                        others.putIfAbsent(other, identifier.type());
                    }
                }
            }
            mongo.upsert(query(where("_id").is(key)), new Update().addToSet("caseIds", caseId), TARGET_INDEX);
        }
        for (PersonIndex.Candidate candidate : people.casesNaming(subjects)) {
            if (!candidate.caseId().equals(caseId) && !candidate.taskForceId().equals(theCase.taskForceId())) {
                others.putIfAbsent(candidate.caseId(), IdentifierType.PERSON);
            }
        }
        people.add(caseId, theCase.taskForceId(), subjects);
        others.forEach((otherId, matchedType) -> cases.find(otherId)
                .map(Versioned::value)
                .filter(other -> other.status() != CaseStatus.CLOSED)
                .filter(other -> !other.taskForceId().equals(theCase.taskForceId()))
                .ifPresent(other -> record(theCase, other, matchedType)));
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
        try {
            hits.insert(hitId, hit, events);
            log.info(
                    "deconfliction hit between {} and {} on a {}", found.caseNumber(), other.caseNumber(), matchedType);
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // the pair is known already, perhaps resolved as different targets: it is not announced again
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
