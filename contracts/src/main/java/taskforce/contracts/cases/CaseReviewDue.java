package taskforce.contracts.cases;

import java.time.Instant;

/**
 * The case's review falls due at {@code reviewDueAt}: a reminder, written once per due date some time before it
 * (30 days by default), so that the task force's coordinators validate the case or purge it. If nobody does, the
 * case is purged a grace period after the due date ({@link CasePurged} with {@link PurgeCause#REVIEW_LAPSED}).
 */
public record CaseReviewDue(
        String caseId, String caseNumber, String taskForceId, Instant reviewDueAt, Instant remindedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.reviewDue(this);
    }
}
