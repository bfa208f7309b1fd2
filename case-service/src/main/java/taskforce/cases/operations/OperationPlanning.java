package taskforce.cases.operations;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.CaseAccess;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;

/**
 * What members do with planned operations: register one for a case of their task force, read one, cancel one. Who
 * may is decided by {@link CaseAccess} on the operation's case; an operation whose case the caller may not read is
 * refused as an operation that does not exist, so its case's id is not told.
 */
@Service
public class OperationPlanning {

    static final String REGISTER = "operation.register";
    static final String READ = "operation.read";
    static final String CANCEL = "operation.cancel";
    static final String LIST = "operation.list";

    /** A registration as asked for; {@code taskForceId} and {@code registeredBy} may be null. */
    record Registration(
            String caseId,
            String taskForceId,
            OperationType type,
            PlannedOperation.Area area,
            java.time.Instant startsAt,
            java.time.Instant endsAt,
            PlannedOperation.Contact contact,
            String registeredBy) {}

    /** An operation and the conflicts it is part of. */
    record Planned(PlannedOperation operation, List<OperationConflict> conflicts) {}

    private final OperationDeconfliction deconfliction;
    private final CaseAccess access;
    private final RegistrationQuota quota;
    private final Clock clock;

    OperationPlanning(OperationDeconfliction deconfliction, CaseAccess access, RegistrationQuota quota, Clock clock) {
        this.deconfliction = deconfliction;
        this.access = access;
        this.quota = quota;
        this.clock = clock;
    }

    /** Any member of the case's task force, within the day's allowance; the answer lists what it overlaps. */
    Planned register(Caller caller, Registration registration) {
        CaseAccess.Acting acting = access.act(
                caller,
                REGISTER,
                registration.caseId(),
                CaseAccess.Needs.MEMBER,
                new CaseAccess.Actor("registeredBy", registration.registeredBy()));
        PlannedOperation operation = PlannedOperation.plan(
                acting.theCase().value(),
                registration.taskForceId(),
                registration.type(),
                registration.area(),
                registration.startsAt(),
                registration.endsAt(),
                registration.contact(),
                acting.memberId(),
                clock.instant());
        quota.spend(acting.memberId());
        PlannedOperation registered = deconfliction.register(operation);
        return new Planned(registered, deconfliction.conflictsOf(registered.id()));
    }

    /** Readers of the case: its operations, oldest first; 404 as for a missing case otherwise. */
    List<Planned> ofCase(Caller caller, String caseId) {
        access.read(caller, LIST, caseId);
        return deconfliction.ofCase(caseId).stream()
                .map(operation -> new Planned(operation, deconfliction.conflictsOf(operation.id())))
                .toList();
    }

    /** Readers of the operation's case. */
    Planned read(Caller caller, String operationId) {
        PlannedOperation operation = existing(operationId).value();
        access.read(caller, READ, operation.caseId(), () -> notFound(operationId));
        return new Planned(operation, deconfliction.conflictsOf(operationId));
    }

    /** Members of the operation's task force; a cancelled operation conflicts with nothing. */
    Planned cancel(Caller caller, String operationId) {
        Versioned<PlannedOperation> operation = existing(operationId);
        String by = access.act(
                        caller,
                        CANCEL,
                        operation.value().caseId(),
                        CaseAccess.Needs.MEMBER,
                        CaseAccess.Actor.fromToken(),
                        () -> notFound(operationId))
                .memberId();
        return new Planned(deconfliction.cancel(operation, by), deconfliction.conflictsOf(operationId));
    }

    private Versioned<PlannedOperation> existing(String operationId) {
        return deconfliction.find(operationId).orElseThrow(() -> notFound(operationId));
    }

    private static NotFound notFound(String operationId) {
        return NotFound.of("operation", operationId);
    }
}
