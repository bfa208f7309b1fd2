package taskforce.cases.triage;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.TriageOutcome;

/**
 * What triage decided for one lead ({@code id} is the lead id). Stored before it is carried out, so a
 * redelivered lead carries out the same decision instead of deciding again (and, say, numbering a second case).
 * {@code matchedPeople} says which people the lead shares with the case it joins, and how they matched.
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
        Instant decidedAt,
        List<String> matchedPeople) {

    public TriageDecision {
        matchedPeople = matchedPeople == null ? List.of() : List.copyOf(matchedPeople);
    }
}
