package taskforce.contracts.cases;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.Identifier;

/**
 * A lead joined an open case because it carries identifiers the case already had ({@code matchedIdentifiers}) or
 * names a person the case already names ({@code matchedPeople}, added later and optional: one reason per person,
 * such as {@code same person: Muhammad Ali ~ Mohamed Ali, born 1980-03-14 (spelling)}).
 */
public record CaseLeadLinked(
        String caseId,
        String caseNumber,
        String taskForceId,
        String leadId,
        String agencyId,
        List<Identifier> matchedIdentifiers,
        Instant linkedAt,
        List<String> matchedPeople)
        implements CaseEventData {

    public CaseLeadLinked(
            String caseId,
            String caseNumber,
            String taskForceId,
            String leadId,
            String agencyId,
            List<Identifier> matchedIdentifiers,
            Instant linkedAt) {
        this(caseId, caseNumber, taskForceId, leadId, agencyId, matchedIdentifiers, linkedAt, null);
    }

    public CaseLeadLinked {
        matchedPeople = matchedPeople == null || matchedPeople.isEmpty() ? null : List.copyOf(matchedPeople);
    }
}
