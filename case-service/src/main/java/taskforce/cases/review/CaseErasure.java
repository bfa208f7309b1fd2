package taskforce.cases.review;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
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
import taskforce.cases.operations.OperationDeconfliction;
import taskforce.cases.transfer.Transfers;
import taskforce.cases.triage.CaseTriage;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.CaseReviewed;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.cases.CaseTransferred;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.mongo.BucketedIndex;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;
import taskforce.platform.outbox.PendingMarkers;

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
    private static final String PENDING_KEY = "pending";

    private final MongoTemplate mongo;
    private final Cases cases;
    private final Tombstones tombstones;
    private final CaseCoordination coordination;
    private final ReviewCalendar calendar;
    private final Deconfliction deconfliction;
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
     * Steps 2 to 5 for one purged case; answers whether the erasure is complete, false when the relay has not yet
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
            unfile(history);
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

    /** Takes the case out of every index and record beside it, as it stood before the purge (from its history). */
    private void unfile(List<CloudEvent> history) {
        List<CaseEventData> events = new ArrayList<>();
        for (CloudEvent event : history) {
            CaseEventData data = taskforce.contracts.EventCodec.instance().caseEvent(event);
            if (data instanceof CasePurged) {
                break;
            }
            events.add(data);
        }
        if (events.isEmpty() || !(events.get(0) instanceof CaseOpened)) {
            return;
        }
        Case before = Case.replay(events);
        String caseId = before.id();
        Set<String> taskForces = new LinkedHashSet<>();
        Set<Instant> dues = new LinkedHashSet<>();
        taskForces.add(((CaseOpened) events.get(0)).taskForceId());
        dues.add(Case.replay(events.subList(0, 1)).reviewDueAt(policy.period()));
        dues.add(before.reviewDueAt(policy.period()));
        for (CaseEventData event : events) {
            if (event instanceof CaseTransferred moved) {
                taskForces.add(moved.taskForceId());
            } else if (event instanceof CaseReviewed reviewed) {
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
