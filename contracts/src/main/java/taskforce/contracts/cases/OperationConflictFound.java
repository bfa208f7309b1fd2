package taskforce.contracts.cases;

import java.time.Instant;

/**
 * A planned operation of this case overlaps, in place and time, with another registered operation. Like a
 * deconfliction hit it is a pointer only: whom to call (the other operation's task force, coordinator and on-scene
 * contact) and when the two overlap; never the other operation's type, location or case.
 */
public record OperationConflictFound(
        String conflictId,
        String caseId,
        String caseNumber,
        String taskForceId,
        String operationId,
        String otherOperationId,
        String otherTaskForceId,
        String otherCoordinatorId,
        String otherContactName,
        String otherContactPhone,
        Instant overlapStartsAt,
        Instant overlapEndsAt,
        Instant foundAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.operationConflictFound(this);
    }
}
