package taskforce.platform.security;

import java.util.List;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts only tokens issued for this system's API: their {@code aud} must name the configured audience ({@code
 * taskforce.security.audience}, {@code taskforce-api} by default). This is also what refuses ID tokens presented
 * as bearer tokens: OpenID Connect addresses an ID token to the client that signed the person in ({@code aud} =
 * its client id), never to an API, so it cannot carry the API's audience.
 */
public final class ApiAudience implements OAuth2TokenValidator<Jwt> {

    public static final String PROPERTY = "taskforce.security.audience";
    public static final String DEFAULT = "taskforce-api";

    private static final OAuth2Error NOT_FOR_THIS_API =
            new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "the token is not an access token for this API", null);

    private final String audience;

    public ApiAudience(String audience) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException(PROPERTY + " must name the API's audience");
        }
        this.audience = audience;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        List<String> audiences = token.getAudience();
        return audiences != null && audiences.contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(NOT_FOR_THIS_API);
    }
}
