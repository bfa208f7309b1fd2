package taskforce.contracts.lead;

import java.time.Instant;

/** Triage decided what became of a lead: linked to a case (new or existing) or rejected with a reason. */
public record LeadTriaged(
        String leadId,
        String agencyId,
        String taskForceId,
        TriageOutcome outcome,
        String caseId,
        String caseNumber,
        Boolean newCase,
        String reason,
        Instant triagedAt) {}
