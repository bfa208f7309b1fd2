package taskforce.contracts.cases;

import java.time.Instant;

public record CaseOutcomeRecorded(
        String caseId,
        String caseNumber,
        String taskForceId,
        String outcomeId,
        OutcomeType type,
        Integer count,
        Seizure seizure,
        String agencyId,
        Instant occurredAt,
        String recordedBy,
        Instant recordedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.outcomeRecorded(this);
    }
}
