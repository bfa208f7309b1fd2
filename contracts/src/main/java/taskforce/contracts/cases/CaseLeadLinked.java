package taskforce.contracts.cases;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.Identifier;

/** A lead joined an open case because it carries identifiers the case already had ({@code matchedIdentifiers}). */
public record CaseLeadLinked(
        String caseId,
        String caseNumber,
        String taskForceId,
        String leadId,
        String agencyId,
        List<Identifier> matchedIdentifiers,
        Instant linkedAt)
        implements CaseEventData {}
