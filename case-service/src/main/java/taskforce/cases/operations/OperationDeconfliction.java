package taskforce.cases.operations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Cases;
import taskforce.cases.directory.Directory;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.OperationConflictFound;
import taskforce.platform.mongo.BucketedIndex;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;

/**
 * Registers planned operations and finds, at once, every other registered operation that overlaps one in place and
 * time, through the cell-and-day index of {@link OperationCells} (never a scan). Each overlapping pair is recorded
 * once, with a {@code case.operation-conflict.v1} event for each side's case, so both coordinators hear of it; each
 * side learns only whom to call and when the two overlap.
 */
@Service
public class OperationDeconfliction {

    public static final String OPERATIONS = "operations";
    public static final String CONFLICTS = "operation_conflicts";
    /** {@code _id = h3cell|yyyy-MM-dd} → the ids of the operations whose circle and window may touch it. */
    public static final String CELL_INDEX = "operation_cells";
    /** {@code _id = operationId} → the ids of its conflicts, so they are read by key. */
    public static final String CONFLICTS_OF_OPERATION = "operation_conflicts_of";
    /** {@code _id = caseId} → the ids of the operations planned for the case ({@link BucketedIndex}). */
    public static final String OPERATIONS_OF_CASE = "operations_of_case";

    private static final Logger log = LoggerFactory.getLogger(OperationDeconfliction.class);

    private final MongoTemplate mongo;
    private final AggregateStore<PlannedOperation> operations;
    private final AggregateStore<OperationConflict> conflicts;
    private final Directory directory;
    private final OperationCells cells = new OperationCells();
    private final Clock clock;
    private final BucketedIndex ofCase;

    public OperationDeconfliction(MongoTemplate mongo, OutboxRelay relay, Directory directory, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.operations = new AggregateStore<>(mongo, relay, PlannedOperation.class, OPERATIONS, false);
        this.conflicts = new AggregateStore<>(mongo, relay, OperationConflict.class, CONFLICTS, false);
        this.directory = directory;
        this.ofCase = new BucketedIndex(mongo, OPERATIONS_OF_CASE, "operationIds");
    }

    /**
     * Files the operation under its keys before looking for others under the same keys, so that of two operations
     * registered at the same instant at least one finds the other; the pair's id makes a second finding a no-op.
     */
    public PlannedOperation register(PlannedOperation operation) {
        operations.insert(operation.id(), operation, List.of());
        ofCase.add(operation.caseId(), operation.id());
        Set<String> keys = cells.keys(operation.area(), operation.startsAt(), operation.endsAt());
        BulkOperations filing = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, CELL_INDEX);
        for (String key : keys) {
            filing.upsert(query(where("_id").is(key)), new Update().addToSet("operationIds", operation.id()));
        }
        filing.execute();
        for (String otherId : candidates(keys, operation.id())) {
            operations
                    .find(otherId)
                    .map(Versioned::value)
                    // one case's operations are planned by the same people, together
                    .filter(other -> !other.cancelled() && !other.caseId().equals(operation.caseId()))
                    .filter(operation::overlaps)
                    .ifPresent(other -> record(operation, other));
        }
        return operation;
    }

    /** The operations planned for a case, cancelled ones too, read by key (operations registered since the index). */
    public List<PlannedOperation> ofCase(String caseId) {
        List<PlannedOperation> found = new ArrayList<>();
        for (String operationId : ofCase.read(caseId, String.class)) {
            operations.find(operationId).map(Versioned::value).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Erases the operations planned for a purged case: each operation, its place in the cells, the conflicts it took
     * part in (each names both sides' contacts; the other operation's list forgets it) and the case's list. Keyed
     * throughout, so repeating it after a crash finishes what was left.
     */
    public void forget(String caseId) {
        for (String operationId : ofCase.read(caseId, String.class)) {
            operations.find(operationId).map(Versioned::value).ifPresent(operation -> {
                for (String key : cells.keys(operation.area(), operation.startsAt(), operation.endsAt())) {
                    mongo.getCollection(CELL_INDEX)
                            .updateOne(
                                    new Document("_id", key),
                                    new Document("$pull", new Document("operationIds", operationId)));
                    mongo.getCollection(CELL_INDEX)
                            .deleteOne(new Document("_id", key).append("operationIds", new Document("$size", 0)));
                }
            });
            Document entry = mongo.getCollection(CONFLICTS_OF_OPERATION)
                    .find(new Document("_id", operationId))
                    .first();
            if (entry != null) {
                for (String conflictId : entry.getList("conflictIds", String.class, List.of())) {
                    conflicts
                            .find(conflictId)
                            .map(Versioned::value)
                            .ifPresent(conflict -> conflict.otherSide(operationId)
                                    .ifPresent(other -> mongo.getCollection(CONFLICTS_OF_OPERATION)
                                            .updateOne(
                                                    new Document("_id", other.operationId()),
                                                    new Document("$pull", new Document("conflictIds", conflictId)))));
                    mongo.getCollection(CONFLICTS).deleteOne(new Document("_id", conflictId));
                }
                mongo.getCollection(CONFLICTS_OF_OPERATION).deleteOne(new Document("_id", operationId));
            }
            mongo.getCollection(OPERATIONS).deleteOne(new Document("_id", operationId));
            ofCase.erase(caseId, operationId);
        }
    }

    public Optional<Versioned<PlannedOperation>> find(String operationId) {
        return operations.find(operationId);
    }

    /** Cancelled operations stay filed; they are skipped when found, so nobody is warned about them again. */
    public PlannedOperation cancel(Versioned<PlannedOperation> operation, String by) {
        if (operation.value().cancelled()) {
            return operation.value();
        }
        PlannedOperation cancelled = operation.value().cancel(by, clock.instant());
        operations.update(cancelled.id(), operation.version(), cancelled, List.of());
        return cancelled;
    }

    public List<OperationConflict> conflictsOf(String operationId) {
        Document entry = mongo.getCollection(CONFLICTS_OF_OPERATION)
                .find(new Document("_id", operationId))
                .first();
        if (entry == null) {
            return List.of();
        }
        List<OperationConflict> found = new ArrayList<>();
        for (String conflictId : entry.getList("conflictIds", String.class, List.of())) {
            conflicts.find(conflictId).map(Versioned::value).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(OperationConflict::foundAt));
        return found;
    }

    private Set<String> candidates(Set<String> keys, String self) {
        Set<String> found = new LinkedHashSet<>();
        for (Document entry : mongo.getCollection(CELL_INDEX).find(new Document("_id", new Document("$in", keys)))) {
            for (String id : entry.getList("operationIds", String.class, List.of())) {
                if (!id.equals(self)) {
                    found.add(id);
                }
            }
        }
        return found;
    }

    private void record(PlannedOperation found, PlannedOperation other) {
        String conflictId = pairId(found.id(), other.id());
        Instant now = clock.instant();
        Instant from = found.startsAt().isAfter(other.startsAt()) ? found.startsAt() : other.startsAt();
        Instant to = found.endsAt().isBefore(other.endsAt()) ? found.endsAt() : other.endsAt();
        OperationConflict.Side mine = side(found);
        OperationConflict.Side theirs = side(other);
        OperationConflict conflict = new OperationConflict(conflictId, List.of(mine, theirs), from, to, now);
        // when the other registration found the pair first, both sides have been told already
        if (DuplicateKeys.insertIfAbsent(() -> conflicts.insert(
                conflictId,
                conflict,
                List.of(notice(conflict, mine, theirs, now), notice(conflict, theirs, mine, now))))) {
            log.info("operations {} and {} overlap from {} to {}", found.id(), other.id(), from, to);
        }
        for (String operationId : List.of(found.id(), other.id())) {
            mongo.upsert(
                    query(where("_id").is(operationId)),
                    new Update().addToSet("conflictIds", conflictId),
                    CONFLICTS_OF_OPERATION);
        }
    }

    private OperationConflict.Side side(PlannedOperation operation) {
        return new OperationConflict.Side(
                operation.id(),
                operation.caseId(),
                operation.caseNumber(),
                operation.taskForceId(),
                directory.coordinatorOf(operation.taskForceId()).orElse(null),
                operation.contact().name(),
                operation.contact().phone());
    }

    private static CloudEvent notice(
            OperationConflict conflict, OperationConflict.Side to, OperationConflict.Side other, Instant now) {
        return Cases.event(
                to.caseId(),
                now,
                new OperationConflictFound(
                        conflict.id(),
                        to.caseId(),
                        to.caseNumber(),
                        to.taskForceId(),
                        to.operationId(),
                        other.operationId(),
                        other.taskForceId(),
                        other.coordinatorId(),
                        other.contactName(),
                        other.contactPhone(),
                        conflict.overlapStartsAt(),
                        conflict.overlapEndsAt(),
                        conflict.foundAt()));
    }

    /** The same id for the pair whichever side found the other. */
    static String pairId(String a, String b) {
        String pair = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        return "conflict-" + UUID.nameUUIDFromBytes(pair.getBytes(StandardCharsets.UTF_8));
    }
}
