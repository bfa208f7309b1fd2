package taskforce.cases.merge;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import taskforce.cases.casefile.IfMatch;
import taskforce.cases.casefile.Reason;
import taskforce.contracts.cases.CaseStatus;
import taskforce.platform.security.Caller;
import taskforce.platform.web.PlainText;

@RestController
class MergeController {

    private final CaseMerges merges;

    MergeController(CaseMerges merges) {
        this.merges = merges;
    }

    record MergeRequest(
            @Schema(description = "the open case of the same task force that carries on")
            String intoCaseId,

            @Schema(description = "why both cases are one; required")
            @Size(max = Reason.MAX_LENGTH)
            @PlainText(lineBreaks = true)
            String reason) {}

    record MergeView(
            String caseId,
            String caseNumber,
            CaseStatus status,
            String mergedInto,
            String mergedIntoCaseNumber,
            long version) {}

    @PostMapping("/api/cases/{caseId}/merge")
    @Operation(
            description = "The coordinator of the case's task force merges it into another open case of that task"
                    + " force, which takes its leads, subjects, identifiers, notes, outcomes and assignments; the"
                    + " case becomes MERGED and read only. 403 for others of its task force, 404 when the case is"
                    + " not readable (naming intoCaseId when that one is not). With If-Match, 412 unless the case is at that version"
                    + " (the version its coordinator saw). Repeating the request changes nothing.")
    ResponseEntity<MergeView> merge(
            Caller caller,
            @PathVariable String caseId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody MergeRequest request) {
        CaseMerges.Merged merged =
                merges.merge(caller, caseId, IfMatch.version(ifMatch), request.intoCaseId(), request.reason());
        return ResponseEntity.ok()
                .eTag("\"" + merged.merged().version() + "\"")
                .body(new MergeView(
                        merged.merged().value().id(),
                        merged.merged().value().caseNumber(),
                        merged.merged().value().status(),
                        merged.merged().value().mergedInto(),
                        merged.intoCaseNumber(),
                        merged.merged().version()));
    }
}
