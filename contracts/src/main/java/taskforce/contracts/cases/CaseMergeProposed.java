package taskforce.contracts.cases;

import java.time.Instant;

/**
 * Triage found that a lead matches two open cases of its task force: it joined this case, and also matches
 * {@code otherCaseId}, for {@code reason}. Nothing merges on its own; the task force's coordinator hears of it and
 * decides (a merge is {@code POST /api/cases/{caseId}/merge}). Proposed once per pair of cases, on the case the lead
 * joined.
 */
public record CaseMergeProposed(
        String caseId,
        String caseNumber,
        String taskForceId,
        String otherCaseId,
        String otherCaseNumber,
        String leadId,
        String reason,
        Instant proposedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.mergeProposed(this);
    }
}
