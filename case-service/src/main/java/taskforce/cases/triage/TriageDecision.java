package taskforce.cases.triage;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.TriageOutcome;

/**
 * What triage decided for one lead ({@code id} is the lead id). Stored before it is carried out, so a
 * redelivered lead carries out the same decision instead of deciding again (and, say, numbering a second case).
 * {@code matchedPeople} says which people the lead shares with the case it joins, and how they matched;
 * {@code alsoMatchedCaseId} names another open case of the task force the lead matches too, and {@code
 * alsoMatchedReason} why (null when there is none), for the coordinator to decide on a merge.
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
        List<String> matchedPeople,
        String alsoMatchedCaseId,
        String alsoMatchedCaseNumber,
        String alsoMatchedReason) {

    public TriageDecision {
        matchedPeople = matchedPeople == null ? List.of() : List.copyOf(matchedPeople);
    }
}
