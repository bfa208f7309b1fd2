package taskforce.cases.triage;

import java.time.Instant;
import taskforce.contracts.lead.TriageOutcome;

/**
 * What triage decided for one lead ({@code id} is the lead id). Stored before it is carried out, so a
 * redelivered lead carries out the same decision instead of deciding again (and, say, numbering a second case).
 */
public record TriageDecision(
        String id,
        String taskForceId,
        String agencyId,
        TriageOutcome outcome,
        String caseId,
        String caseNumber,
        boolean newCase,
        String reason,
        Instant decidedAt) {}
