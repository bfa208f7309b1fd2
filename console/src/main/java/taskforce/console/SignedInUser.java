package taskforce.console;

import java.util.List;

/**
 * Who is signed in, as {@link SecurityConfiguration#signedInUser} reads it from the ID token's claims (the provider
 * puts the same claims in the access token the services authorise with). The console only chooses which pages and
 * buttons to offer from this; the services decide what is allowed.
 */
public record SignedInUser(
        String username, String name, List<String> roles, String agencyId, String memberId, List<String> taskForceIds) {

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
