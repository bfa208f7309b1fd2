package taskforce.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives controllers the {@link Caller} of the request, built from the verified token. */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

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
        String remoteAddress = http == null ? null : http.getRemoteAddr();
        return callerOf(SecurityContextHolder.getContext().getAuthentication(), remoteAddress);
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
