package taskforce.contracts.cases;

import java.time.Instant;

public record CaseAssigned(
        String caseId,
        String caseNumber,
        String taskForceId,
        String memberId,
        AssignmentRole role,
        String assignedBy,
        Instant assignedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.assigned(this);
    }
}
