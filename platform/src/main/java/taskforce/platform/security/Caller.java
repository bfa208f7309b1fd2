package taskforce.platform.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import taskforce.platform.refusal.Forbidden;

/**
 * Who is calling, as the verified access token says, and from which address. Controllers take it as a
 * parameter; it is never read from a request body.
 *
 * @param subject the token's {@code sub}: a user name or, for client credentials, the client id
 * @param memberId the directory member the user is, or null for administrators and agency systems
 * @param agencyId the caller's agency, or null for system administrators
 * @param taskForceIds the task forces the token was issued for; services that own or mirror the directory
 *     check membership there instead, so that leaving a task force takes effect before the token expires
 */
public record Caller(
        String subject,
        Set<Role> roles,
        String agencyId,
        String memberId,
        List<String> taskForceIds,
        String remoteAddress) {

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        taskForceIds = List.copyOf(taskForceIds);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... wanted) {
        for (Role role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    /** The id recorded in {@code …By} fields and audit records: the member if there is one, else the subject. */
    public String actorId() {
        return memberId != null ? memberId : subject;
    }

    public boolean belongsTo(String agency) {
        return agencyId != null && agencyId.equals(agency);
    }

    /**
     * The value a body field may hold when the token already says who the caller is: absent (the token's value is
     * used) or equal to it. A contradiction is refused with 403, naming the field.
     */
    public static String sameAsToken(String field, String fromBody, String fromToken) {
        if (fromBody == null || fromBody.isBlank() || fromBody.equals(fromToken)) {
            return fromToken;
        }
        throw new Forbidden(
                "Identity mismatch",
                field + " '" + fromBody + "' contradicts the caller's token, which says '" + fromToken + "'",
                field);
    }

    /** Refuses with 403 unless the caller has one of the roles. */
    public void require(Role... wanted) {
        if (!hasAny(wanted)) {
            throw new Forbidden("Forbidden", "this needs one of the roles " + List.of(wanted));
        }
    }
}
