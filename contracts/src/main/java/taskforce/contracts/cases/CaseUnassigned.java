package taskforce.contracts.cases;

import java.time.Instant;

public record CaseUnassigned(
        String caseId,
        String caseNumber,
        String taskForceId,
        String memberId,
        String unassignedBy,
        Instant unassignedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.unassigned(this);
    }
}
