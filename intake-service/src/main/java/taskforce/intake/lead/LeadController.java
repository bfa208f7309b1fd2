package taskforce.intake.lead;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.platform.web.ProblemException;

@RestController
@RequestMapping("/api/leads")
class LeadController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_PAGE_SIZE = 100;

    private final LeadIntake intake;
    private final Leads leads;
    private final SubmissionRateLimit rateLimit;

    LeadController(LeadIntake intake, Leads leads, SubmissionRateLimit rateLimit) {
        this.intake = intake;
        this.leads = leads;
        this.rateLimit = rateLimit;
    }

    /** The body is the answer's JSON as first sent, so a repeated request gets it back byte for byte. */
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Submit a lead",
            description = "The same Idempotency-Key with the same body returns the first"
                    + " answer; with another body it is 409. A lead whose agencyReference the agency used before is answered"
                    + " with the first lead (200, duplicate: true).")
    @ApiResponse(
            responseCode = "202",
            description = "accepted, waiting for triage",
            content = @Content(schema = @Schema(implementation = LeadView.class)))
    @ApiResponse(
            responseCode = "200",
            description = "a duplicate of an earlier lead, which is returned",
            content = @Content(schema = @Schema(implementation = LeadView.class)))
    ResponseEntity<String> submit(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody LeadSubmissionRequest request) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw ProblemException.invalid(IDEMPOTENCY_KEY, "the " + IDEMPOTENCY_KEY + " header is required");
        }
        if (idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalid(
                    IDEMPOTENCY_KEY,
                    "the " + IDEMPOTENCY_KEY + " header must be at most " + MAX_KEY_LENGTH + " characters");
        }
        rateLimit.acquire(request.agencyId());
        SubmissionAnswer answer = intake.submit(idempotencyKey, request);
        return ResponseEntity.status(answer.status())
                .location(URI.create(answer.location()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(answer.body());
    }

    @GetMapping("/{leadId}")
    LeadView lead(@PathVariable String leadId) {
        return leads.find(leadId)
                .map(found -> LeadView.of(found.value(), found.version()))
                .orElseThrow(() -> ProblemException.notFound("lead", leadId));
    }

    @GetMapping
    LeadPage leads(
            @RequestParam(required = false) String agencyId,
            @RequestParam(required = false) LeadStatus status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || (long) page * MAX_PAGE_SIZE > Integer.MAX_VALUE) {
            throw ProblemException.invalid("page", "page must be between 0 and " + Integer.MAX_VALUE / MAX_PAGE_SIZE);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalid("size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return leads.page(agencyId, status, page, size);
    }
}
