package taskforce.cases.casefile;

import java.time.Instant;
import taskforce.contracts.cases.AssignmentRole;

public record Assignment(String memberId, AssignmentRole role, Instant assignedAt, String assignedBy) {}
