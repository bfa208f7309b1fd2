package taskforce.cases.review;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseCoordination;
import taskforce.cases.casefile.CaseIdentifier;
import taskforce.cases.casefile.Cases;
import taskforce.cases.casefile.ReviewPolicy;
import taskforce.cases.casefile.Tombstone;
import taskforce.cases.casefile.Tombstones;
import taskforce.cases.deconfliction.Deconfliction;
import taskforce.cases.deconfliction.PersonIndex;
import taskforce.cases.operations.OperationDeconfliction;
import taskforce.cases.transfer.Transfers;
import taskforce.cases.triage.CaseTriage;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.CaseReviewed;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.cases.CaseTransferred;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.mongo.BucketedIndex;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;
import taskforce.platform.outbox.PendingMarkers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Erases a purged case from case-service (issue 15). The purge itself is one atomic write of the case: its content
 * dropped, the tombstone's fields set and {@code case.purged.v1} in its outbox, so that from then on the case is a
 * tombstone (410 to its readers) and every service hears of it. What lies beside the case goes next, in steps that
 * each go by key and can be repeated, so that a crash half-way leaves work that the next attempt finishes:
 *
 * <ol>
 *   <li>the tombstone is filed in {@value Tombstones#COLLECTION} and the case listed as pending erasure ({@value
 *       #PENDING}), the list the erasure job resumes from;
 *   <li>the cases merged into it are purged with it, each by its own {@code case.purged.v1};
 *   <li>the other cases whose history names the case, those triage proposed a merge with it on, are rewritten to
 *       name it no more ({@link #redactOthers}), found through what the case held before the purge;
 *   <li>what the case held before the purge, rebuilt from its history, is unfiled: triage's identifier index and
 *       decisions, the target and person indexes, deconfliction hits and possible matches, transfers, planned
 *       operations and their conflicts, the review calendar, the calendar consumer's processed-event marks;
 *   <li>once the relay has published {@code case.purged.v1} (the outbox is empty), the case document, then its
 *       history buckets;
 *   <li>the tombstone records when the erasure completed, and the case leaves the pending list.
 * </ol>
 *
 * What stays is the tombstone and the audit trail's records (among them {@value CaseReviews#PURGE}).
 */
@Service
public class CaseErasure {

    public static final String PENDING = "case_erasures";
    /** What another case's history says in place of a purged case's id and number. */
    public static final String PURGED = "purged";
    /** And in place of the reason that named what the two shared. */
    public static final String PURGED_REASON = "the lead also matched a case that has since been purged";

    private static final String PENDING_KEY = "pending";

    private final MongoTemplate mongo;
    private final Cases cases;
    private final Tombstones tombstones;
    private final CaseCoordination coordination;
    private final ReviewCalendar calendar;
    private final Deconfliction deconfliction;
    private final PersonIndex people;
    private final Transfers transfers;
    private final OperationDeconfliction operations;
    private final ReviewPolicy policy;
    private final Clock clock;
    private final BucketedIndex pending;
    private final BucketedIndex identifierIndex;

    public CaseErasure(
            MongoTemplate mongo,
            Cases cases,
            Tombstones tombstones,
            CaseCoordination coordination,
            ReviewCalendar calendar,
            Deconfliction deconfliction,
            PersonIndex people,
            Transfers transfers,
            OperationDeconfliction operations,
            ReviewPolicy policy,
            Clock clock) {
        this.mongo = mongo;
        this.cases = cases;
        this.tombstones = tombstones;
        this.coordination = coordination;
        this.calendar = calendar;
        this.deconfliction = deconfliction;
        this.people = people;
        this.transfers = transfers;
        this.operations = operations;
        this.policy = policy;
        this.clock = clock;
        this.pending = new BucketedIndex(mongo, PENDING, "caseIds");
        this.identifierIndex = new BucketedIndex(mongo, CaseTriage.IDENTIFIER_INDEX, "caseIds");
    }

    /**
     * Before a purge is written, the case goes on the pending list, so that a crash right after the write still
     * leaves the erasure job something to finish; a purge that is then refused leaves an entry the job drops.
     */
    public void expect(String caseId) {
        pending.add(PENDING_KEY, caseId);
    }

    /** Step 1, right after the purge is written: the tombstone, and the case on the pending list. */
    public void begin(Case purged, String reason) {
        pending.add(PENDING_KEY, purged.id());
        tombstones.file(Tombstone.of(purged, reason));
    }

    /** The cases whose erasure has not completed. */
    public List<String> pending() {
        return pending.read(PENDING_KEY, String.class);
    }

    /**
     * Steps 2 to 6 for one purged case; answers whether the erasure is complete, false when the relay has not yet
     * published the purge (the erasure job comes back to it). A case that is not purged is left alone.
     */
    public boolean complete(String caseId) {
        Optional<Versioned<Case>> stored = cases.find(caseId);
        if (stored.isPresent() && !stored.get().value().purged()) {
            pending.erase(PENDING_KEY, caseId);
            return true;
        }
        if (stored.isPresent()) {
            Case purged = stored.get().value();
            if (tombstones.find(caseId).isEmpty()) {
                tombstones.file(Tombstone.of(purged, null));
            }
            for (String absorbed : purged.absorbedCaseIds()) {
                purgeAbsorbed(absorbed, purged);
            }
            List<CloudEvent> history = cases.timeline(caseId);
            List<CaseEventData> events = eventsBeforePurge(history);
            // what other cases hold of this one is found through what this one held, so it goes first
            if (!redactOthers(events)) {
                return false;
            }
            unfile(events, history);
            // the case document goes once its outbox is empty: the relay has published case.purged.v1
            long deleted = mongo.getCollection(Cases.COLLECTION)
                    .deleteOne(new Document("_id", caseId).append(OutboxRelay.FIELD, new Document("$size", 0)))
                    .getDeletedCount();
            if (deleted == 0) {
                return false;
            }
        }
        // the relay's marker of the case, which names it: nothing is left to relay
        mongo.getCollection(PendingMarkers.COLLECTION).deleteOne(new Document("_id", Cases.COLLECTION + "|" + caseId));
        eraseHistory(caseId);
        tombstones
                .find(caseId)
                .ifPresent(tombstone ->
                        tombstones.file(tombstone.erasedAt() == null ? tombstone.erased(now()) : tombstone));
        pending.erase(PENDING_KEY, caseId);
        return true;
    }

    /** A case merged into the purged one goes with it, for the same cause and by the same decision. */
    private void purgeAbsorbed(String absorbedId, Case survivor) {
        Optional<Versioned<Case>> absorbed = cases.find(absorbedId);
        if (absorbed.isEmpty() || absorbed.get().value().purged()) {
            return;
        }
        if (!survivor.id().equals(absorbed.get().value().mergedInto())) {
            return; // absorbed and then not marked merged (a merge that failed half-way): it stays a case of its own
        }
        expect(absorbedId);
        Versioned<Case> purged = coordination.command(
                absorbedId,
                null,
                (c, roster) -> c.purgeWithSurvivor(survivor.id(), survivor.purgeCause(), survivor.purgedBy(), now()));
        begin(purged.value(), null);
        complete(absorbedId);
    }

    /** The case's events up to its purge: what it held before, and so what to erase beside it. */
    private static List<CaseEventData> eventsBeforePurge(List<CloudEvent> history) {
        List<CaseEventData> events = new ArrayList<>();
        for (CloudEvent event : history) {
            CaseEventData data = EventCodec.instance().caseEvent(event);
            if (data instanceof CasePurged) {
                break;
            }
            events.add(data);
        }
        if (events.isEmpty() || !(events.get(0) instanceof CaseOpened)) {
            return List.of();
        }
        return events;
    }

    /** Every task force the case was in, from its events before the purge. */
    private static Set<String> taskForcesOf(List<CaseEventData> events) {
        Set<String> taskForces = new LinkedHashSet<>();
        taskForces.add(((CaseOpened) events.get(0)).taskForceId());
        for (CaseEventData event : events) {
            if (event instanceof CaseTransferred moved) {
                taskForces.add(moved.taskForceId());
            }
        }
        return taskForces;
    }

    /**
     * Step 3: the other cases of the task force whose history names the purged case, those on which triage proposed
     * a merge with it (a lead matching both joined the other case), are rewritten to name it no more. They are found
     * by key through what the purged case held, before that is unfiled: the identifier index under its identifiers
     * and the person index under its people (the lead that matched both was filed there under the other case), and
     * the cases it proposed merges with itself. In each, the {@code case.merge-proposed} entries naming the purged
     * case get {@value #PURGED} for its id and number and a neutral reason, the triage decision of that entry's
     * lead likewise, and the case's {@code mergeProposedWith} the same marker, so that a replay of its history still
     * rebuilds it. Answers false when an entry still waits in another case's outbox or a case changed meanwhile: the
     * erasure job comes back, and what was rewritten already is left as it is.
     *
     * <p>Deconfliction hits and operation conflicts are kept beside the cases, not in their histories, and go with
     * the purged case's hits and operations (step 4).
     */
    private boolean redactOthers(List<CaseEventData> events) {
        if (events.isEmpty()) {
            return true;
        }
        Case before = Case.replay(events);
        Set<String> others = new LinkedHashSet<>(before.mergeProposedWith());
        for (String taskForceId : taskForcesOf(events)) {
            for (CaseIdentifier identifier : before.identifiers()) {
                others.addAll(identifierIndex.read(CaseTriage.indexKey(taskForceId, identifier), String.class));
            }
        }
        people.casesNaming(before.subjects()).forEach(candidate -> others.add(candidate.caseId()));
        others.remove(before.id());
        boolean done = true;
        for (String otherId : others) {
            done &= redactIn(otherId, before.id());
        }
        return done;
    }

    private boolean redactIn(String otherId, String purgedId) {
        Optional<Versioned<Case>> other = cases.find(otherId);
        if (other.isEmpty() || other.get().value().purged()) {
            return true; // gone, or erased in turn with everything it held
        }
        Document document = mongo.getCollection(Cases.COLLECTION)
                .find(new Document("_id", otherId))
                .projection(new Document(OutboxRelay.FIELD, 1).append(AggregateStore.HISTORY, 1))
                .first();
        if (document == null) {
            return true;
        }
        for (Document entry : document.getList(OutboxRelay.FIELD, Document.class, List.of())) {
            if (redacted(entry.getString("event"), purgedId) != null) {
                return false; // not yet moved to the history by the relay: rewritten once it is
            }
        }
        List<String> leadIds = new ArrayList<>();
        List<String> legacy = document.getList(AggregateStore.HISTORY, String.class, List.of());
        List<String> rewritten = new ArrayList<>();
        for (String json : legacy) {
            ObjectNode redacted = redacted(json, purgedId);
            rewritten.add(
                    redacted == null ? json : EventCodec.instance().mapper().writeValueAsString(redacted));
            if (redacted != null) {
                leadIds.add(redacted.path("data").path("leadId").asString(null));
            }
        }
        if (!rewritten.equals(legacy)) {
            mongo.getCollection(Cases.COLLECTION)
                    .updateOne(
                            new Document("_id", otherId),
                            new Document("$set", new Document(AggregateStore.HISTORY, rewritten)));
        }
        var history = mongo.getCollection(Cases.COLLECTION + "_events");
        for (long bucket = 0; ; bucket++) {
            Document stored = history.find(new Document("_id", historyBucket(otherId, bucket)))
                    .first();
            if (stored == null) {
                break;
            }
            Document sets = new Document();
            Document storedEvents = stored.get("events", Document.class);
            if (storedEvents != null) {
                storedEvents.forEach((sequence, json) -> {
                    ObjectNode redacted = redacted((String) json, purgedId);
                    if (redacted != null) {
                        sets.append(
                                "events." + sequence,
                                EventCodec.instance().mapper().writeValueAsString(redacted));
                        leadIds.add(redacted.path("data").path("leadId").asString(null));
                    }
                });
            }
            if (!sets.isEmpty()) {
                history.updateOne(new Document("_id", stored.get("_id")), new Document("$set", sets));
            }
        }
        for (String leadId : leadIds) {
            if (leadId != null) {
                mongo.getCollection(CaseTriage.DECISIONS)
                        .updateOne(
                                new Document("_id", leadId).append("alsoMatchedCaseId", purgedId),
                                new Document(
                                        "$set",
                                        new Document("alsoMatchedCaseId", PURGED)
                                                .append("alsoMatchedCaseNumber", PURGED)
                                                .append("alsoMatchedReason", PURGED_REASON)));
            }
        }
        Case current = other.get().value();
        Case redacted = current.redactingPurged(purgedId, PURGED);
        if (redacted != current) {
            try {
                cases.update(other.get().version(), redacted, List.of());
            } catch (OptimisticLockingFailureException changedMeanwhile) {
                return false;
            }
        }
        return true;
    }

    /**
     * The stored event rewritten to name the purged case no more, or null when it does not name it: only a {@code
     * case.merge-proposed} entry of another case names one, by its id, its number and a reason that tells the
     * identifier or person the two shared.
     */
    private static ObjectNode redacted(String json, String purgedId) {
        if (json == null || !json.contains(purgedId)) {
            return null;
        }
        JsonNode event = EventCodec.instance().mapper().readTree(json);
        if (!EventTypes.CASE_MERGE_PROPOSED.name().equals(event.path("type").asString(null))
                || !(event.get("data") instanceof ObjectNode data)
                || !purgedId.equals(data.path("otherCaseId").asString(null))) {
            return null;
        }
        data.put("otherCaseId", PURGED);
        data.put("otherCaseNumber", PURGED);
        data.put("reason", PURGED_REASON);
        return (ObjectNode) event;
    }

    /** Takes the case out of every index and record beside it, as it stood before the purge (from its history). */
    private void unfile(List<CaseEventData> events, List<CloudEvent> history) {
        if (events.isEmpty()) {
            return;
        }
        Case before = Case.replay(events);
        String caseId = before.id();
        Set<String> taskForces = taskForcesOf(events);
        Set<Instant> dues = new LinkedHashSet<>();
        dues.add(Case.replay(events.subList(0, 1)).reviewDueAt(policy.period()));
        dues.add(before.reviewDueAt(policy.period()));
        for (CaseEventData event : events) {
            if (event instanceof CaseReviewed reviewed) {
                dues.add(reviewed.nextReviewDueAt());
            } else if (event instanceof CaseTransferProposed proposed) {
                transfers.forget(proposed.transferId());
            }
        }
        for (String taskForceId : taskForces) {
            for (CaseIdentifier identifier : before.identifiers()) {
                identifierIndex.erase(CaseTriage.indexKey(taskForceId, identifier), caseId);
            }
            for (Instant due : dues) {
                calendar.unfile(taskForceId, due, caseId);
            }
        }
        deconfliction.forget(before, taskForces);
        operations.forget(caseId);
        for (String leadId : before.leadIds()) {
            // what triage decided for a lead names the case; a redelivered lead is still skipped by its event id
            if (caseId.equals(triageDecisionCase(leadId))) {
                mongo.getCollection(CaseTriage.DECISIONS).deleteOne(new Document("_id", leadId));
            }
        }
        for (CloudEvent event : history) {
            mongo.getCollection(ProcessedEvents.COLLECTION)
                    .deleteOne(new Document("_id", CalendarListener.CONSUMER + ":" + event.id()));
        }
    }

    private String triageDecisionCase(String leadId) {
        Document decision = mongo.getCollection(CaseTriage.DECISIONS)
                .find(new Document("_id", leadId))
                .first();
        return decision == null ? null : decision.getString("caseId");
    }

    /**
     * The history buckets, {@code <caseId>|<bucket>}: found from the first up while they exist, then deleted from
     * the last down, so that an erasure interrupted in between leaves a run from the first that the next finds.
     */
    private void eraseHistory(String caseId) {
        var history = mongo.getCollection(Cases.COLLECTION + "_events");
        long count = 0;
        while (history.find(new Document("_id", historyBucket(caseId, count))).first() != null) {
            count++;
        }
        for (long bucket = count - 1; bucket >= 0; bucket--) {
            history.deleteOne(new Document("_id", historyBucket(caseId, bucket)));
        }
    }

    private static String historyBucket(String caseId, long bucket) {
        return caseId + "|" + String.format("%08d", bucket);
    }

    private Instant now() {
        return clock.instant();
    }
}
