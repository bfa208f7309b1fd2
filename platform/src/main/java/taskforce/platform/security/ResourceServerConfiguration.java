package taskforce.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service is an OAuth2 resource server: a request needs a valid JWT from the configured issuer
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, or a {@code jwk-set-uri} or {@code
 * public-key-location}), except the health endpoints and the OpenAPI documents. Without one the answer is 401
 * with {@code WWW-Authenticate}; both 401 and 403 come as problem details. The other actuator endpoints (metrics)
 * answer operators and administrators only. Sessions and cookies are not used,
 * so there is no CSRF to defend against. A token must also be addressed to this system's API ({@link ApiAudience}),
 * which refuses ID tokens and tokens issued for other systems. Which object a caller may touch is decided by the
 * service that owns it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ResourceServerConfiguration {

    static final List<String> OPEN_PATHS = List.of(
            "/actuator/health",
            "/actuator/health/**",
            "/v3/api-docs",
            "/v3/api-docs/**",
            "/v3/api-docs.yaml",
            "/error");

    /** Every actuator endpoint but health (open above): Prometheus, info and whatever a service exposes later. */
    static final List<String> OPERATOR_PATHS = List.of("/actuator", "/actuator/**");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(ResourceServerConfiguration.class);
    static final String INVALID_TOKEN = "the bearer token is not valid here (expired, not signed by the issuer, or not"
            + " an access token for this API); get a new access token";

    /** Boot's JWT decoder adds every validator bean to its own (signature, issuer, expiry). */
    @Bean
    OAuth2TokenValidator<Jwt> apiAudience(
            @Value("${" + ApiAudience.PROPERTY + ":" + ApiAudience.DEFAULT + "}") String audience) {
        return new ApiAudience(audience);
    }

    @Bean
    SecurityFilterChain resourceServerFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(OPEN_PATHS.toArray(String[]::new))
                        .permitAll()
                        // metrics and the other operator endpoints name receivers, topics and load: not for members
                        // or agency systems
                        .requestMatchers(OPERATOR_PATHS.toArray(String[]::new))
                        .hasAnyRole(Role.ADMIN.name(), Role.OPERATOR.name())
                        .anyRequest()
                        .authenticated())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .cors(Customizer.withDefaults())
                // the platform's RequestHardeningFilter writes the security headers, once, for every answer
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(rolesAsAuthorities()))
                        .authenticationEntryPoint(ResourceServerConfiguration::unauthorized)
                        .accessDeniedHandler((request, response, denied) ->
                                writeProblem(response, HttpStatus.FORBIDDEN, "Forbidden", denied.getMessage())));
        return http.build();
    }

    /**
     * A 401 says only that a valid token is needed, in the body and in {@code WWW-Authenticate}: why the validator
     * refused the token (which key, which claim, which parser error) helps whoever forges tokens, so it goes to the
     * log alone.
     */
    static void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean tokenPresented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        LOG.debug("refused a request to {} with 401: {}", request.getRequestURI(), failure.getMessage());
        response.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                tokenPresented
                        ? "Bearer error=\"invalid_token\", error_description=\"" + INVALID_TOKEN + "\""
                        : "Bearer");
        writeProblem(
                response,
                HttpStatus.UNAUTHORIZED,
                "Unauthorized",
                tokenPresented ? INVALID_TOKEN : "a bearer token is needed");
    }

    static JwtAuthenticationConverter rolesAsAuthorities() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(
                jwt -> CallerArgumentResolver.roles(jwt.getClaimAsStringList(TokenClaims.ROLES)).stream()
                        .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                        .map(authority -> (org.springframework.security.core.GrantedAuthority) authority)
                        .toList());
        return converter;
    }

    private static void writeProblem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(JSON.writeValueAsString(problem));
    }

    @Bean
    WebMvcConfigurer callerArguments(
            @Value("${" + CallerArgumentResolver.CONSOLE_CLIENT_PROPERTY + ":taskforce-console}")
                    String consoleClient) {
        // the caller comes from the token, never from the request: the OpenAPI documents must not offer it
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver(consoleClient));
            }
        };
    }
}
