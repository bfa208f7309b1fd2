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
        implements CaseEventData {}
