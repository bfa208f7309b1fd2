package taskforce.console;

import java.util.List;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who is signed in, read from the ID token's claims (the provider puts the same claims in the access token the
 * services authorise with). The console only chooses which pages and buttons to offer from this; the services
 * decide what is allowed.
 */
public record SignedInUser(
        String username, String name, List<String> roles, String agencyId, String memberId, List<String> taskForceIds) {

    static SignedInUser of(OidcUser user) {
        List<String> roles = user.getClaimAsStringList("roles");
        List<String> taskForces = user.getClaimAsStringList("task_force_ids");
        String name = user.getClaimAsString("name");
        return new SignedInUser(
                user.getSubject(),
                name == null ? user.getSubject() : name,
                roles == null ? List.of() : roles,
                user.getClaimAsString("agency_id"),
                user.getClaimAsString("member_id"),
                taskForces == null ? List.of() : taskForces);
    }

    public boolean isMember() {
        return memberId != null;
    }

    public boolean isCoordinator() {
        return roles.contains("COORDINATOR");
    }

    public boolean isAgencyAdmin() {
        return roles.contains("AGENCY_ADMIN") || roles.contains("ADMIN");
    }

    public boolean canSubmitLeads() {
        return isMember() && agencyId != null;
    }

    public String roleLabel() {
        return String.join(", ", roles).toLowerCase().replace('_', ' ');
    }
}
