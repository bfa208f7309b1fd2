package taskforce.cases.transfer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.cases.casefile.Reason;
import taskforce.platform.security.Caller;
import taskforce.platform.web.Paging;
import taskforce.platform.web.PlainText;

@RestController
class TransferController {

    static final int MAX_PAGE_SIZE = 200;

    private final CaseTransfers transfers;

    TransferController(CaseTransfers transfers) {
        this.transfers = transfers;
    }

    record ProposalRequest(
            @Schema(description = "the task force to hand the case to")
            String toTaskForceId,

            @Schema(description = "why the case belongs there; the receiving side reads it")
            @Size(max = Reason.MAX_LENGTH)
            @PlainText(lineBreaks = true)
            String reason) {}

    record DecisionRequest(
            @Schema(description = "why; required to decline, optional to accept or withdraw")
            @Size(max = Reason.MAX_LENGTH)
            @PlainText(lineBreaks = true)
            String reason) {

        static final DecisionRequest NONE = new DecisionRequest(null);
    }

    record TransferPage(List<Transfer> content, int page, int size, long totalElements) {}

    @PostMapping("/api/cases/{caseId}/transfers")
    @Operation(
            description = "The case's coordinator proposes handing it to another task force (403 for others of its"
                    + " task force, 404 when the case is not readable).")
    ResponseEntity<Transfer> propose(
            Caller caller, @PathVariable String caseId, @Valid @RequestBody ProposalRequest request) {
        Transfer proposed = transfers.propose(caller, caseId, request.toTaskForceId(), request.reason());
        return ResponseEntity.created(URI.create("/api/transfers/" + proposed.id()))
                .body(proposed);
    }

    @GetMapping("/api/transfers")
    @Operation(
            description = "Transfers to and from the task force, newest first; its coordinators and administrators"
                    + " only, anyone else finds none.")
    TransferPage list(
            Caller caller,
            @RequestParam(required = false) String taskForceId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        CaseTransfers.Page found = transfers.list(caller, taskForceId, paging.page(), paging.size());
        return new TransferPage(found.items(), paging.page(), paging.size(), found.total());
    }

    @GetMapping("/api/transfers/{transferId}")
    @Operation(
            description = "The transfer and the case's number, title and priority; coordinators of either task force"
                    + " and administrators, 404 for everyone else.")
    Transfer get(Caller caller, @PathVariable String transferId) {
        return transfers.read(caller, transferId);
    }

    @PostMapping("/api/transfers/{transferId}/accept")
    @Operation(description = "A coordinator of the receiving task force; the case moves to it.")
    Transfer accept(
            Caller caller,
            @PathVariable String transferId,
            @Valid @RequestBody(required = false) DecisionRequest request) {
        return transfers.accept(caller, transferId);
    }

    @PostMapping("/api/transfers/{transferId}/decline")
    @Operation(description = "A coordinator of the receiving task force, with a reason; the case stays.")
    Transfer decline(
            Caller caller,
            @PathVariable String transferId,
            @Valid @RequestBody(required = false) DecisionRequest request) {
        return transfers.decline(caller, transferId, orNone(request).reason());
    }

    @PostMapping("/api/transfers/{transferId}/withdraw")
    @Operation(description = "The coordinator who proposed it, while the receiving side has not decided.")
    Transfer withdraw(
            Caller caller,
            @PathVariable String transferId,
            @Valid @RequestBody(required = false) DecisionRequest request) {
        return transfers.withdraw(caller, transferId, orNone(request).reason());
    }

    private static DecisionRequest orNone(DecisionRequest request) {
        return request == null ? DecisionRequest.NONE : request;
    }
}
