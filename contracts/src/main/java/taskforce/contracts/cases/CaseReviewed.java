package taskforce.contracts.cases;

import java.time.Instant;

/**
 * The task force's coordinator reviewed the case and validated it: the intelligence it holds is still relevant, and
 * the case may be kept until {@code nextReviewDueAt} (28 CFR Part 23 asks for a review at most every five years; the
 * period is case-service's configuration). A review that decides to purge is not this event but {@link CasePurged}.
 */
public record CaseReviewed(
        String caseId,
        String caseNumber,
        String taskForceId,
        String reason,
        String reviewedBy,
        Instant reviewedAt,
        Instant nextReviewDueAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.reviewed(this);
    }
}
