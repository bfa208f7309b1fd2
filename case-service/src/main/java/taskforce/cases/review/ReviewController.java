package taskforce.cases.review;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.cases.casefile.CaseView;
import taskforce.cases.casefile.IfMatch;
import taskforce.cases.casefile.Reason;
import taskforce.cases.casefile.ReviewPolicy;
import taskforce.cases.casefile.Tombstone;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.lead.Priority;
import taskforce.platform.security.Caller;
import taskforce.platform.web.Paging;
import taskforce.platform.web.PlainText;

@RestController
class ReviewController {

    static final int MAX_PAGE_SIZE = 200;

    private final CaseReviews reviews;
    private final ReviewPolicy policy;

    ReviewController(CaseReviews reviews, ReviewPolicy policy) {
        this.reviews = reviews;
        this.policy = policy;
    }

    record ReviewRequest(
            @Schema(description = "VALIDATED (kept until the next review, a period from now) or PURGE (erased)")
            CaseReviews.Decision decision,

            @Schema(description = "why; required") @Size(max = Reason.MAX_LENGTH) @PlainText(lineBreaks = true)
            String reason) {}

    @Schema(description = "what remains of a purged case")
    record TombstoneView(
            String caseId,
            String caseNumber,
            List<String> formerCaseNumbers,
            String taskForceId,
            Instant purgedAt,

            @Schema(description = "the coordinator whose review decided it; absent when the review lapsed")
            String decidedBy,

            PurgeCause cause) {

        static TombstoneView of(Tombstone t) {
            return new TombstoneView(
                    t.caseId(),
                    t.caseNumber(),
                    t.formerCaseNumbers(),
                    t.taskForceId(),
                    t.purgedAt(),
                    t.decidedBy(),
                    t.cause());
        }
    }

    record DueView(
            String caseId,
            String caseNumber,
            String title,
            Priority priority,
            CaseStatus status,
            String taskForceId,
            Instant openedAt,
            Instant reviewDueAt,
            Instant lastReviewedAt) {}

    record DuePage(List<DueView> content, int page, int size, long totalElements) {}

    @PostMapping("/api/cases/{caseId}/reviews")
    @Operation(
            description = "The coordinator of the case's task force reviews it: VALIDATED answers the case with its"
                    + " next reviewDueAt; PURGE erases it everywhere (case.purged.v1) and answers its tombstone."
                    + " 400 naming decision or reason, 403 for others of its task force, 404 when the case is not"
                    + " readable, 409 for a merged case (review its survivor), 410 when purged already, 412 on a"
                    + " stale If-Match.")
    ResponseEntity<?> review(
            Caller caller,
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody ReviewRequest request) {
        CaseReviews.Outcome outcome =
                reviews.review(caller, caseId, version(ifMatch), request.decision(), request.reason());
        if (outcome instanceof CaseReviews.Outcome.Validated validated) {
            return ResponseEntity.ok()
                    .eTag("\"" + validated.theCase().version() + "\"")
                    .body(CaseView.of(
                            validated.theCase().value(), validated.theCase().version(), policy.period()));
        }
        return ResponseEntity.ok(TombstoneView.of(((CaseReviews.Outcome.Purged) outcome).tombstone()));
    }

    @GetMapping("/api/reviews/due")
    @Operation(
            description = "The task force's cases whose review falls due before `before` (now + the reminder lead"
                    + " time, 30 days, when absent), soonest first: for its coordinators and administrators; anyone"
                    + " else finds none.")
    DuePage due(
            Caller caller,
            @RequestParam(required = false) String taskForceId,
            @Parameter(description = "an instant (2031-01-01T00:00:00Z); now + the reminder lead when absent")
                    @RequestParam(required = false)
                    Instant before,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        CaseReviews.DuePage found = reviews.due(caller, taskForceId, before, paging.page(), paging.size());
        return new DuePage(
                found.items().stream()
                        .map(d -> new DueView(
                                d.theCase().id(),
                                d.theCase().caseNumber(),
                                d.theCase().title(),
                                d.theCase().priority(),
                                d.theCase().status(),
                                d.theCase().taskForceId(),
                                d.theCase().openedAt(),
                                d.reviewDueAt(),
                                d.theCase().lastReviewedAt()))
                        .toList(),
                paging.page(),
                paging.size(),
                found.total());
    }

    /** {@code If-Match} as a version, as the other case commands read it. */
    static Long version(String ifMatch) {
        return IfMatch.version(ifMatch);
    }
}
