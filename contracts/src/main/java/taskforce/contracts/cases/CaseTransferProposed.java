package taskforce.contracts.cases;

import java.time.Instant;

/**
 * The case's coordinator proposed to hand the case to another task force. {@code taskForceId} is still the case's
 * own (the proposing) task force; the receiving side learns only number, title, priority and reason.
 */
public record CaseTransferProposed(
        String caseId,
        String caseNumber,
        String taskForceId,
        String transferId,
        String toTaskForceId,
        String reason,
        String proposedBy,
        Instant proposedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.transferProposed(this);
    }
}
