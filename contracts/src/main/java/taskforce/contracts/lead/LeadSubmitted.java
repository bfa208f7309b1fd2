package taskforce.contracts.lead;

import java.time.Instant;
import java.util.List;

/** An agency's lead was accepted by intake and waits for triage. */
public record LeadSubmitted(
        String leadId,
        String agencyId,
        String submittedBy,
        String taskForceId,
        String agencyReference,
        Priority priority,
        String summary,
        String narrative,
        Instant occurredAt,
        Location location,
        List<Subject> subjects,
        List<Identifier> identifiers,
        Instant receivedAt) {}
