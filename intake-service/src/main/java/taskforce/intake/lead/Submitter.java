package taskforce.intake.lead;

import taskforce.platform.refusal.Forbidden;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

/**
 * Who a lead is recorded as submitted by, decided by the access token and never by the body: the agency is always
 * the token's; a member or coordinator submits as their own member id; an agency system (client credentials) may
 * name the member it submits for, else its client id is recorded. The body may repeat the token's values, but a
 * contradiction is refused with 403 naming the field, and so is every other role.
 *
 * @param directoryMember whether {@code submittedBy} names a directory member, who must then belong to the agency
 */
record Submitter(String agencyId, String submittedBy, boolean directoryMember) {

    static final Role[] MAY_SUBMIT = {Role.MEMBER, Role.COORDINATOR, Role.AGENCY_SYSTEM};

    static Submitter of(Caller caller, LeadSubmissionRequest body) {
        caller.require(MAY_SUBMIT);
        if (caller.agencyId() == null || caller.agencyId().isBlank()) {
            throw forbidden("the caller's token names no agency to submit for", "agencyId");
        }
        String agencyId = Caller.sameAsToken("agencyId", body.agencyId(), caller.agencyId());
        if (caller.hasAny(Role.MEMBER, Role.COORDINATOR)) {
            if (caller.memberId() == null || caller.memberId().isBlank()) {
                throw forbidden("the caller's token names no member to submit as", "submittedBy");
            }
            return new Submitter(
                    agencyId, Caller.sameAsToken("submittedBy", body.submittedBy(), caller.memberId()), true);
        }
        boolean namesMember = body.submittedBy() != null && !body.submittedBy().isBlank();
        return new Submitter(agencyId, namesMember ? body.submittedBy() : caller.subject(), namesMember);
    }

    /**
     * What an audit record says about a refusal made by {@link #of}: in general terms, without quoting the body,
     * which holds the lead's content.
     */
    static String refusalReason(Forbidden refusal) {
        if (refusal.field() == null) {
            return "the caller's role may not submit leads";
        }
        return refusal.field() + " does not match the caller's token";
    }

    private static Forbidden forbidden(String detail, String field) {
        return new Forbidden("Identity mismatch", detail, field);
    }
}
