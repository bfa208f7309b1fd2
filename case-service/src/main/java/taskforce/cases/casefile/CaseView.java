package taskforce.cases.casefile;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;

/** A case as {@code /api/cases} answers it, and every other command that answers the case (a review). */
public record CaseView(
        String caseId,
        String caseNumber,
        String taskForceId,
        String title,
        CaseStatus status,
        Priority priority,
        List<String> leadIds,
        List<Subject> subjects,
        List<CaseIdentifier> identifiers,
        List<Assignment> assignments,

        @Schema(
                description =
                        "the latest notes, at most " + Case.NOTES_KEPT + "; every note is at /api/cases/{caseId}/notes")
        List<CaseNote> notes,

        @Schema(description = "how many notes the case has in all")
        int noteCount,

        List<CaseOutcome> outcomes,
        Instant openedAt,
        Instant updatedAt,

        @Schema(description = "when the case reached CLOSED; absent while it is not closed")
        Instant closedAt,

        long version,

        @Schema(description = "the statuses the case may move to next, so a client offers only legal moves")
        List<CaseStatus> legalNext,

        @Schema(description = "the case this one was merged into (status MERGED, read only); absent otherwise")
        String mergedInto,

        @Schema(
                description = "when the case must be reviewed (validated or purged): a period after its opening or"
                        + " its last validation; POST /api/cases/{caseId}/reviews")
        Instant reviewDueAt,

        @Schema(description = "when a coordinator last validated the case; absent if never")
        Instant lastReviewedAt) {

    /** The case at {@code version}; its review falls due a {@code reviewPeriod} after opening or validation. */
    public static CaseView of(Case c, long version, java.time.Duration reviewPeriod) {
        return new CaseView(
                c.id(),
                c.caseNumber(),
                c.taskForceId(),
                c.title(),
                c.status(),
                c.priority(),
                c.leadIds(),
                c.subjects(),
                c.identifiers(),
                c.assignments(),
                c.notes(),
                c.noteCount(),
                c.outcomes(),
                c.openedAt(),
                c.updatedAt(),
                c.closedAt(),
                version,
                Lifecycle.legalNext(c.status()).stream().sorted().toList(),
                c.mergedInto(),
                c.reviewDueAt(reviewPeriod),
                c.lastReviewedAt());
    }
}
