package taskforce.platform.security;

/** The claims this system reads from an access token, as the identity provider (or any issuer) must name them. */
public final class TokenClaims {

    public static final String ROLES = "roles";
    public static final String AGENCY_ID = "agency_id";
    public static final String MEMBER_ID = "member_id";
    public static final String TASK_FORCE_IDS = "task_force_ids";

    /** The client the access token was issued to (RFC 9068); {@link #AUTHORIZED_PARTY} where an issuer uses that. */
    public static final String CLIENT_ID = "client_id";

    public static final String AUTHORIZED_PARTY = "azp";

    private TokenClaims() {}
}
