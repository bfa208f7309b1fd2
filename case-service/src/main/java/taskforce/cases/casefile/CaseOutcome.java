package taskforce.cases.casefile;

import java.time.Instant;
import taskforce.contracts.cases.MovedOutcome;
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
        Instant recordedAt) {

    /** The outcome as a merge hands it to the surviving case. */
    MovedOutcome moved() {
        return new MovedOutcome(outcomeId, type, count, seizure, agencyId, occurredAt, recordedBy, recordedAt);
    }

    static CaseOutcome of(MovedOutcome moved) {
        return new CaseOutcome(
                moved.outcomeId(),
                moved.type(),
                moved.count() == null ? 1 : moved.count(),
                moved.seizure(),
                moved.agencyId(),
                moved.occurredAt(),
                moved.recordedBy(),
                moved.recordedAt());
    }
}
