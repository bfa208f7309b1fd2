package taskforce.cases.casefile;

import java.time.Instant;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;

public record CaseOutcome(
        String outcomeId,
        OutcomeType type,
        int count,
        Seizure seizure,
        String agencyId,
        Instant occurredAt,
        String recordedBy,
        Instant recordedAt) {}
