package taskforce.console;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Sign-in at the identity provider with the authorization code flow and PKCE (PKCE although the console is a
 * confidential client: a stolen code is useless without the verifier). The tokens stay in the server-side session;
 * the browser holds only the session cookie. CSRF protection stays on for every form, and the headers forbid
 * framing, sniffing and scripts from elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String REGISTRATION = "taskforce";

    /** Forms post to the console only; signing out continues to the provider, whose origin is added. */
    static String contentSecurityPolicy(String issuer) {
        URI provider = URI.create(issuer);
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " connect-src 'self'; frame-ancestors 'none'; form-action 'self' " + provider.getScheme() + "://"
                + provider.getRawAuthority() + "; base-uri 'self'; object-src 'none'";
    }

    @Bean
    SecurityFilterChain console(
            HttpSecurity http,
            ClientRegistrationRepository registrations,
            SignOutAtTheProvider signOut,
            ConsoleProperties properties)
            throws Exception {
        DefaultOAuth2AuthorizationRequestResolver withPkce =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        withPkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.authorizeHttpRequests(requests -> requests
                        // the end of a live stream and error pages are dispatched again, after the user's request
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health",
                                "/actuator/health/**",
                                SignOutAtTheProvider.SIGNED_OUT,
                                "/css/**",
                                "/js/**",
                                "/webjars/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2Login(login -> login.loginPage("/oauth2/authorization/" + REGISTRATION)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(withPkce)))
                .logout(logout -> logout.logoutSuccessHandler(signOut).permitAll())
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(contentSecurityPolicy(properties.issuer())))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** Who is signed in, from the claims the provider puts in the ID token. */
    static SignedInUser signedInUser(OidcUser user) {
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
}
