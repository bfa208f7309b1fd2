package taskforce.cases.casefile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
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
import org.springframework.validation.annotation.Validated;
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
import taskforce.contracts.lead.Subject;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.web.PlainText;
import taskforce.platform.web.ProblemException;
import tools.jackson.databind.JsonNode;

@RestController
@Validated
@RequestMapping("/api/cases")
class CaseController {

    private final CaseCoordination coordination;
    private final Cases cases;

    CaseController(CaseCoordination coordination, Cases cases) {
        this.coordination = coordination;
        this.cases = cases;
    }

    record CaseView(
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
            List<CaseNote> notes,
            List<CaseOutcome> outcomes,
            Instant openedAt,
            Instant updatedAt,
            long version) {

        static CaseView of(Versioned<Case> versioned) {
            Case c = versioned.value();
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
                    c.outcomes(),
                    c.openedAt(),
                    c.updatedAt(),
                    versioned.version());
        }
    }

    record CasePage(List<CaseView> content, int page, int size, long totalElements) {}

    record TimelineEntry(String type, Instant time, String id, JsonNode data) {}

    record AssignRequest(
            @NotBlank String memberId,
            @NotNull AssignmentRole role,
            @NotBlank String assignedBy) {}

    record StatusRequest(
            @NotNull CaseStatus status,
            @Size(max = 2000) @PlainText(lineBreaks = true) String reason,
            @NotBlank String changedBy) {}

    record NoteRequest(
            @NotBlank @Size(max = Case.MAX_NOTE_LENGTH) @PlainText(lineBreaks = true)
            String text,

            @NotBlank String author) {}

    record OutcomeRequest(
            @NotNull OutcomeType type,
            @Min(1) Integer count,
            Seizure seizure,
            String agencyId,
            Instant occurredAt,
            @NotBlank String recordedBy) {}

    @GetMapping
    CasePage list(
            @RequestParam(required = false) String taskForceId,
            @RequestParam(required = false) CaseStatus status,
            @RequestParam(required = false) String assigneeId,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Cases.Page found = cases.search(taskForceId, status, assigneeId, q, page, size);
        return new CasePage(found.items().stream().map(CaseView::of).toList(), page, size, found.total());
    }

    @GetMapping("/{caseId}")
    ResponseEntity<CaseView> get(@PathVariable String caseId) {
        return ok(HttpStatus.OK, coordination.get(caseId));
    }

    @GetMapping("/{caseId}/timeline")
    List<TimelineEntry> timeline(@PathVariable String caseId) {
        coordination.get(caseId);
        return cases.timeline(caseId).stream()
                .map((CloudEvent e) -> new TimelineEntry(e.type(), e.time(), e.id(), e.data()))
                .toList();
    }

    @PostMapping("/{caseId}/assignments")
    ResponseEntity<CaseView> assign(
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody AssignRequest request) {
        return ok(
                HttpStatus.CREATED,
                coordination.assign(
                        caseId, version(ifMatch), request.memberId(), request.role(), request.assignedBy()));
    }

    @DeleteMapping("/{caseId}/assignments/{memberId}")
    ResponseEntity<Void> unassign(
            @PathVariable String caseId,
            @PathVariable String memberId,
            @RequestParam String unassignedBy,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Versioned<Case> changed = coordination.unassign(caseId, version(ifMatch), memberId, unassignedBy);
        return ResponseEntity.noContent().eTag(etag(changed.version())).build();
    }

    @PostMapping("/{caseId}/status")
    ResponseEntity<CaseView> changeStatus(
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody StatusRequest request) {
        return ok(
                HttpStatus.OK,
                coordination.changeStatus(
                        caseId, version(ifMatch), request.status(), request.reason(), request.changedBy()));
    }

    @PostMapping("/{caseId}/notes")
    ResponseEntity<CaseView> addNote(
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody NoteRequest request) {
        return ok(HttpStatus.CREATED, coordination.addNote(caseId, version(ifMatch), request.text(), request.author()));
    }

    @PostMapping("/{caseId}/outcomes")
    ResponseEntity<CaseView> recordOutcome(
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody OutcomeRequest request) {
        return ok(
                HttpStatus.CREATED,
                coordination.recordOutcome(
                        caseId,
                        version(ifMatch),
                        request.type(),
                        request.count(),
                        request.seizure(),
                        request.agencyId(),
                        request.occurredAt(),
                        request.recordedBy()));
    }

    private static ResponseEntity<CaseView> ok(HttpStatus status, Versioned<Case> versioned) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).eTag(etag(versioned.version()));
        if (status == HttpStatus.CREATED) {
            builder.location(URI.create("/api/cases/" + versioned.value().id()));
        }
        return builder.body(CaseView.of(versioned));
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** {@code If-Match} as a version: {@code 3}, {@code "3"} and {@code W/"3"} all mean version 3. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "").trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "If-Match must be a case version such as \"3\", not " + ifMatch);
        }
    }
}
