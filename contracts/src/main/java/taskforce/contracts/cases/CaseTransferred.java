package taskforce.contracts.cases;

import java.time.Instant;

/**
 * The case now belongs to another task force. {@code caseNumber} and {@code taskForceId} are the new ones, so that
 * every consumer routing by the case event's common fields follows the case without knowing this type; the old
 * number stays an alias of the case. Assignments of members outside the new task force end by their own
 * {@link CaseUnassigned} events, written just before this one.
 */
public record CaseTransferred(
        String caseId,
        String caseNumber,
        String taskForceId,
        String transferId,
        String previousCaseNumber,
        String previousTaskForceId,
        String acceptedBy,
        Instant transferredAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.transferred(this);
    }
}
