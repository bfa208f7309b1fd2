package taskforce.cases.casefile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;
import taskforce.contracts.lead.Priority;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.security.Caller;
import taskforce.platform.web.Paging;
import taskforce.platform.web.PlainText;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/cases")
class CaseController {

    static final int MAX_PAGE_SIZE = 200;
    /** As long as the longest thing a search matches: a title, a subject's name, an identifier. */
    static final int MAX_QUERY_LENGTH = 200;

    /** Who acts is the caller of the token; the body fields naming them stay for compatibility only. */
    static final String TOKEN_WINS = "optional: the caller's token names who acts; absent or equal is fine, "
            + "a different value is refused with 403";

    private final CaseCoordination coordination;
    private final ReviewPolicy review;

    CaseController(CaseCoordination coordination, ReviewPolicy review) {
        this.coordination = coordination;
        this.review = review;
    }

    record CasePage(List<CaseView> content, int page, int size, long totalElements) {}

    record TimelineEntry(String type, Instant time, String id, JsonNode data) {}

    record NotePage(List<CaseNote> content, int page, int size, long totalElements) {}

    /** @param assignedBy optional; the caller's token names the assigner, a different value is refused with 403 */
    record AssignRequest(
            @NotBlank String memberId,
            @NotNull AssignmentRole role,
            @Schema(description = TOKEN_WINS) String assignedBy) {}

    /** @param changedBy optional; the caller's token names who changes the status, a different value is 403 */
    record StatusRequest(
            @NotNull CaseStatus status,

            @Size(max = Reason.MAX_LENGTH) @PlainText(lineBreaks = true)
            String reason,

            @Schema(description = TOKEN_WINS) String changedBy) {}

    /** @param author optional; the caller's token names the author, a different value is refused with 403 */
    record NoteRequest(
            @NotBlank @Size(max = Case.MAX_NOTE_LENGTH) @PlainText(lineBreaks = true)
            String text,

            @Schema(description = TOKEN_WINS) String author) {}

    /**
     * @param agencyId the agency credited with the outcome; the caller's agency when absent
     * @param recordedBy optional; the caller's token names who records it, a different value is refused with 403
     */
    record OutcomeRequest(
            @NotNull OutcomeType type,
            @Min(1) Integer count,
            Seizure seizure,

            @Schema(description = "the agency credited with the outcome; the caller's agency (token) when absent")
            String agencyId,

            Instant occurredAt,
            @Schema(description = TOKEN_WINS) String recordedBy) {}

    @GetMapping
    @Operation(
            description = "Only cases of the task forces the caller currently belongs to (every case for ADMIN); "
                    + "a taskForceId outside them finds nothing.")
    CasePage list(
            Caller caller,
            @RequestParam(required = false) String taskForceId,
            @RequestParam(required = false) CaseStatus status,
            @RequestParam(required = false) Priority priority,
            @RequestParam(required = false) String assigneeId,
            @Parameter(
                            description = "at most 200 characters: matches the case number, title and subjects'"
                                    + " names (as written, or spelled otherwise), and any identifier written any way"
                                    + " it normalises alike ((713) 555-0100 finds +17135550100)")
                    @RequestParam(required = false)
                    String q,
            @Parameter(
                            description = "opened (newest first, the default), number, priority (most urgent first) or"
                                    + " status (in the lifecycle's order); newest first within equals")
                    @RequestParam(defaultValue = "opened")
                    String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw new InvalidField("q", "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        Cases.Page found = coordination.search(
                caller,
                new Cases.Filter(taskForceId, status, priority, assigneeId, q),
                order(sort),
                paging.page(),
                paging.size());
        return new CasePage(
                found.items().stream()
                        .map(c -> CaseView.of(c.value(), c.version(), review.period()))
                        .toList(),
                paging.page(),
                paging.size(),
                found.total());
    }

    @GetMapping("/{caseId}")
    @Operation(
            description = "404 when the case does not exist or the caller is not a member of its task force; 410 with"
                    + " the tombstone (caseNumber, taskForceId, purgedAt, cause, decidedBy) when it was purged and the"
                    + " caller could have read it.")
    ResponseEntity<CaseView> get(Caller caller, @PathVariable String caseId) {
        return ok(HttpStatus.OK, coordination.read(caller, caseId));
    }

    @GetMapping("/{caseId}/notes")
    @Operation(description = "Every note of the case, newest first; 404 when the case is not readable.")
    NotePage notes(
            Caller caller,
            @PathVariable String caseId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        Cases.NotePage found = coordination.notes(caller, caseId, paging.page(), paging.size());
        return new NotePage(found.items(), paging.page(), paging.size(), found.total());
    }

    @GetMapping("/{caseId}/timeline")
    List<TimelineEntry> timeline(Caller caller, @PathVariable String caseId) {
        return coordination.timeline(caller, caseId).stream()
                .map((CloudEvent e) -> new TimelineEntry(e.type(), e.time(), e.id(), e.data()))
                .toList();
    }

    @PostMapping("/{caseId}/assignments")
    @Operation(description = "Coordinators of the case's task force only (403); 404 when the case is not readable.")
    ResponseEntity<CaseView> assign(
            Caller caller,
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody AssignRequest request) {
        return ok(
                HttpStatus.CREATED,
                coordination.assign(
                        caller, caseId, version(ifMatch), request.memberId(), request.role(), request.assignedBy()));
    }

    @DeleteMapping("/{caseId}/assignments/{memberId}")
    @Operation(description = "Coordinators of the case's task force only (403); 404 when the case is not readable.")
    ResponseEntity<Void> unassign(
            Caller caller,
            @PathVariable String caseId,
            @PathVariable String memberId,
            @Parameter(description = TOKEN_WINS) @RequestParam(required = false) String unassignedBy,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Versioned<Case> changed = coordination.unassign(caller, caseId, version(ifMatch), memberId, unassignedBy);
        return ResponseEntity.noContent().eTag(etag(changed.version())).build();
    }

    @PostMapping("/{caseId}/status")
    @Operation(description = "Coordinators of the case's task force only (403); 404 when the case is not readable.")
    ResponseEntity<CaseView> changeStatus(
            Caller caller,
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody StatusRequest request) {
        return ok(
                HttpStatus.OK,
                coordination.changeStatus(
                        caller, caseId, version(ifMatch), request.status(), request.reason(), request.changedBy()));
    }

    @PostMapping("/{caseId}/notes")
    @Operation(description = "Members of the case's task force (403 otherwise); 404 when the case is not readable.")
    ResponseEntity<CaseView> addNote(
            Caller caller,
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody NoteRequest request) {
        return ok(
                HttpStatus.CREATED,
                coordination.addNote(caller, caseId, version(ifMatch), request.text(), request.author()));
    }

    @PostMapping("/{caseId}/outcomes")
    @Operation(description = "Members of the case's task force (403 otherwise); 404 when the case is not readable.")
    ResponseEntity<CaseView> recordOutcome(
            Caller caller,
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody OutcomeRequest request) {
        return ok(
                HttpStatus.CREATED,
                coordination.recordOutcome(
                        caller,
                        caseId,
                        version(ifMatch),
                        request.type(),
                        request.count(),
                        request.seizure(),
                        request.agencyId(),
                        request.occurredAt(),
                        request.recordedBy()));
    }

    private static Cases.Order order(String sort) {
        return switch (sort.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "opened" -> Cases.Order.OPENED;
            case "number" -> Cases.Order.NUMBER;
            case "priority" -> Cases.Order.PRIORITY;
            case "status" -> Cases.Order.STATUS;
            default -> throw new InvalidField("sort", "sort by opened, number, priority or status");
        };
    }

    private ResponseEntity<CaseView> ok(HttpStatus status, Versioned<Case> versioned) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).eTag(etag(versioned.version()));
        if (status == HttpStatus.CREATED) {
            builder.location(URI.create("/api/cases/" + versioned.value().id()));
        }
        return builder.body(CaseView.of(versioned.value(), versioned.version(), review.period()));
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** {@code If-Match} as a version; see {@link IfMatch}. */
    static Long version(String ifMatch) {
        return IfMatch.version(ifMatch);
    }
}
