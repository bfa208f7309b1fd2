package taskforce.contracts.cases;

import java.time.Instant;

/**
 * An outcome of a merged case as the surviving case takes it in, unchanged, so that a results report counts it
 * once, on the survivor.
 */
public record MovedOutcome(
        String outcomeId,
        OutcomeType type,
        Integer count,
        Seizure seizure,
        String agencyId,
        Instant occurredAt,
        String recordedBy,
        Instant recordedAt) {}
