package taskforce.contracts.cases;

import java.time.Instant;

public record CaseStatusChanged(
        String caseId,
        String caseNumber,
        String taskForceId,
        CaseStatus from,
        CaseStatus to,
        String reason,
        String changedBy,
        Instant changedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.statusChanged(this);
    }
}
