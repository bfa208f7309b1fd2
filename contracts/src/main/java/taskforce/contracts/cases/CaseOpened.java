package taskforce.contracts.cases;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;

/** Triage opened a case for a lead that matched no open case of its task force. */
public record CaseOpened(
        String caseId,
        String caseNumber,
        String taskForceId,
        String title,
        Priority priority,
        String leadId,
        String agencyId,
        List<Subject> subjects,
        List<Identifier> identifiers,
        Instant openedAt)
        implements CaseEventData {}
