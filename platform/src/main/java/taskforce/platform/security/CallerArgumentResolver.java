package taskforce.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers the {@link Caller} of the request, built from the verified token, and the address it came
 * from. For a request the console makes on a person's behalf that is the person's address, which the console
 * sends in {@code X-Forwarded-For}; the header is believed only when the token was issued to the console's client
 * ({@code client_id}, or {@code azp} for issuers that name it so, equal to {@code
 * taskforce.security.console-client-id}), so no other caller can write someone else's address into the audit trail.
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    public static final String FORWARDED_FOR = "X-Forwarded-For";
    public static final String CONSOLE_CLIENT_PROPERTY = "taskforce.security.console-client-id";

    /** An IPv4 or IPv6 literal, nothing that could smuggle text into a record. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private final String consoleClientId;

    public CallerArgumentResolver(String consoleClientId) {
        this.consoleClientId = consoleClientId;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Caller.class);
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String remoteAddress = http == null ? null : http.getRemoteAddr();
        if (http != null && fromTheConsole(authentication)) {
            String forwarded = http.getHeader(FORWARDED_FOR);
            if (forwarded != null && ADDRESS.matcher(forwarded.trim()).matches()) {
                remoteAddress = forwarded.trim();
            }
        }
        return callerOf(authentication, remoteAddress);
    }

    private boolean fromTheConsole(Authentication authentication) {
        if (consoleClientId == null
                || consoleClientId.isBlank()
                || !(authentication instanceof JwtAuthenticationToken token)) {
            return false;
        }
        String client = token.getToken().getClaimAsString(TokenClaims.CLIENT_ID);
        if (client == null) {
            client = token.getToken().getClaimAsString(TokenClaims.AUTHORIZED_PARTY);
        }
        return consoleClientId.equals(client);
    }

    static Caller callerOf(Authentication authentication, String remoteAddress) {
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            // only reachable if a path that needs a caller was opened to anonymous requests by mistake
            throw new IllegalStateException("no verified token on a request that needs a caller");
        }
        Jwt jwt = token.getToken();
        return new Caller(
                jwt.getSubject(),
                roles(jwt.getClaimAsStringList(TokenClaims.ROLES)),
                jwt.getClaimAsString(TokenClaims.AGENCY_ID),
                jwt.getClaimAsString(TokenClaims.MEMBER_ID),
                listOrEmpty(jwt.getClaimAsStringList(TokenClaims.TASK_FORCE_IDS)),
                remoteAddress);
    }

    /** Unknown role names are ignored rather than refused: an issuer may put roles of other systems there. */
    static Set<Role> roles(List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : listOrEmpty(names)) {
            for (Role role : Role.values()) {
                if (role.name().equals(name)) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    private static List<String> listOrEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
