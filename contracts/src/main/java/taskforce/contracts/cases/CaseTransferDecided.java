package taskforce.contracts.cases;

import java.time.Instant;

/**
 * A proposed transfer was accepted, declined or withdrawn. An acceptance is followed by {@link CaseTransferred},
 * which is the event that moves the case; this one only closes the proposal.
 */
public record CaseTransferDecided(
        String caseId,
        String caseNumber,
        String taskForceId,
        String transferId,
        String toTaskForceId,
        TransferDecision decision,
        String reason,
        String decidedBy,
        Instant decidedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.transferDecided(this);
    }
}
