package taskforce.intake.lead;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Optional;
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
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.refusal.Gone;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.refusal.Refusal;
import taskforce.platform.security.Caller;
import taskforce.platform.web.Paging;
import taskforce.platform.web.ProblemDetailsAdvice;

/**
 * Leads over HTTP, for the caller the access token names. Submitting is for members, coordinators and agency
 * systems, always for the token's agency. A lead is read only by callers of its agency (any role) and system
 * administrators; to anyone else it does not exist (404 as for a missing id, so ids cannot be probed), and lists
 * hold only what the caller may read. Every submission, read and listing is recorded in the audit trail, allowed or
 * refused.
 */
@RestController
@RequestMapping("/api/leads")
class LeadController {

    static final String LEAD = "LEAD";
    static final String SUBMIT = "lead.submit";
    static final String READ = "lead.read";
    static final String LIST = "lead.list";
    /** The audit object id of a listing without filter, and of a submission refused before it named any lead. */
    static final String ANY = "*";

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_PAGE_SIZE = 100;

    private final LeadIntake intake;
    private final Leads leads;
    private final SubmissionRateLimit rateLimit;

    private final AuditTrail audit;
    private final PurgedLeads purged;

    LeadController(
            LeadIntake intake, Leads leads, SubmissionRateLimit rateLimit, AuditTrail audit, PurgedLeads purged) {
        this.purged = purged;
        this.intake = intake;
        this.leads = leads;
        this.rateLimit = rateLimit;
        this.audit = audit;
    }

    /** The body is the answer's JSON as first sent, so a repeated request gets it back byte for byte. */
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Submit a lead",
            description = "For MEMBER, COORDINATOR and AGENCY_SYSTEM tokens; the lead is the token's agency's,"
                    + " and agencyId/submittedBy in the body are optional: the token wins, and a body that contradicts"
                    + " it is 403 naming the field. The same Idempotency-Key with the same body returns the first"
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
    @ApiResponse(responseCode = "403", description = "a role that may not submit, or a body contradicting the token")
    ResponseEntity<String> submit(
            Caller caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody LeadSubmissionRequest request) {
        Submitter submitter;
        try {
            submitter = Submitter.of(caller, request);
        } catch (Forbidden refusal) {
            audit.refused(caller, SUBMIT, LEAD, ANY, Submitter.refusalReason(refusal));
            throw refusal;
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new InvalidField(IDEMPOTENCY_KEY, "the " + IDEMPOTENCY_KEY + " header is required");
        }
        if (idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw new InvalidField(
                    IDEMPOTENCY_KEY,
                    "the " + IDEMPOTENCY_KEY + " header must be at most " + MAX_KEY_LENGTH + " characters");
        }
        SubmissionAnswer answer;
        try {
            rateLimit.acquire(submitter.agencyId());
            answer = intake.submit(idempotencyKey, submitter, request);
        } catch (Refusal notAccepted) {
            // the rate limit, the directory (422) or a reused key (409): a refused write all the same
            audit.refused(
                    caller,
                    SUBMIT,
                    LEAD,
                    ANY,
                    "not accepted: "
                            + ProblemDetailsAdvice.statusOf(notAccepted.kind()).value() + " " + notAccepted.title());
            throw notAccepted;
        }
        audit.allowed(caller, SUBMIT, LEAD, answer.leadId());
        return ResponseEntity.status(answer.status())
                .location(URI.create(answer.location()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(answer.body());
    }

    @GetMapping("/{leadId}")
    @Operation(
            summary = "Read a lead",
            description = "For callers of the lead's agency (any role) and ADMIN; anyone else gets the 404 of a"
                    + " missing lead. A lead whose case was purged answers its agency 410 Gone (problem details with"
                    + " leadId, agencyId, leadStatus PURGED and purgedAt).")
    @ApiResponse(responseCode = "410", description = "the lead was purged with its case; only its stub is left")
    LeadView lead(Caller caller, @PathVariable String leadId) {
        Optional<Versioned<Lead>> found = leads.find(leadId);
        if (found.isEmpty()) {
            Optional<PurgedLeads.Stub> stub = purged.find(leadId);
            if (stub.isPresent() && mayRead(caller, stub.get().agencyId())) {
                audit.allowed(caller, READ, LEAD, leadId);
                throw purgedAnswer(stub.get());
            }
            audit.refused(caller, READ, LEAD, leadId, "no such lead");
            throw NotFound.of("lead", leadId);
        }
        Lead lead = found.get().value();
        if (!mayRead(caller, lead.agencyId())) {
            audit.refused(caller, READ, LEAD, leadId, "not a lead of the caller's agency");
            // exactly the answer for a missing lead, so another agency's lead ids cannot be probed
            throw NotFound.of("lead", leadId);
        }
        audit.allowed(caller, READ, LEAD, leadId);
        return LeadView.of(lead, found.get().version());
    }

    /**
     * A purged lead (issue 15) answers its agency {@code 410 Gone} (platform's {@link Gone}, as case-service answers a
     * purged case) with problem details that say so: {@code leadId}, {@code agencyId}, {@code leadStatus} {@code
     * PURGED} and {@code purgedAt}, nothing of what was sent and not the case.
     */
    private static Gone purgedAnswer(PurgedLeads.Stub stub) {
        return (Gone) new Gone(
                        "Lead purged",
                        "lead " + stub.leadId() + " was purged with its case at " + stub.purgedAt()
                                + "; its content is erased")
                .withProperty("leadId", stub.leadId())
                .withProperty("agencyId", stub.agencyId())
                .withProperty("leadStatus", LeadStatus.PURGED.name())
                .withProperty("purgedAt", stub.purgedAt().toString());
    }

    @GetMapping
    @Operation(
            summary = "List leads, newest first",
            description = "Only the caller's agency's leads (ADMIN: all). An agencyId naming another agency gives an"
                    + " empty page, not an error.")
    LeadPage leads(
            Caller caller,
            @RequestParam(required = false) String agencyId,
            @RequestParam(required = false) LeadStatus status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        String filter = agencyId == null || agencyId.isBlank() ? ANY : agencyId;
        if (caller.isAdmin()) {
            audit.allowed(caller, LIST, LEAD, filter);
            return eachRead(caller, leads.page(agencyId, status, paging));
        }
        if (caller.agencyId() == null || (!filter.equals(ANY) && !caller.belongsTo(agencyId))) {
            audit.refused(caller, LIST, LEAD, filter, "the filter names no agency the caller belongs to");
            return new LeadPage(List.of(), paging.page(), paging.size(), 0);
        }
        audit.allowed(caller, LIST, LEAD, filter);
        return eachRead(caller, leads.page(caller.agencyId(), status, paging));
    }

    /** A list shows each lead's content, so each lead it returned is recorded as read, as if opened one by one. */
    private LeadPage eachRead(Caller caller, LeadPage listed) {
        audit.allowedEach(
                caller,
                READ,
                LEAD,
                listed.content().stream().map(LeadView::leadId).toList());
        return listed;
    }

    private static boolean mayRead(Caller caller, String leadAgencyId) {
        return caller.isAdmin() || caller.belongsTo(leadAgencyId);
    }
}
