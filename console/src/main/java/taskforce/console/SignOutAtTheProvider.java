package taskforce.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signing out ends the provider's session too (OpenID Connect RP-initiated logout), so the next person at the same
 * browser is asked for their own name and password instead of being signed in as the one before.
 *
 * <p>The provider (Spring Authorization Server) needs the ID token as {@code id_token_hint}. Sent as a redirect it
 * would sit in the browser's address bar, history, the provider's access log and any {@code Referer}; so the
 * console answers with a form that the browser posts to the provider's end-session endpoint ({@code console.js}
 * submits it at once; without JavaScript the person presses the button), carrying the hint, {@code client_id} and
 * {@code post_logout_redirect_uri} in the body. The page is not cached (Spring Security's default headers).
 */
@Component
final class SignOutAtTheProvider implements LogoutSuccessHandler {

    static final String SIGNED_OUT = "/signed-out";
    private static final String END_SESSION_ENDPOINT = "end_session_endpoint";

    private final ClientRegistrationRepository registrations;

    SignOutAtTheProvider(ClientRegistrationRepository registrations) {
        this.registrations = registrations;
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication signedOut)
            throws IOException {
        String signedOutPage = ServletUriComponentsBuilder.fromContextPath(request)
                .path(SIGNED_OUT)
                .replaceQuery(null)
                .toUriString();
        if (!(signedOut instanceof OAuth2AuthenticationToken token)
                || !(token.getPrincipal() instanceof OidcUser person)) {
            response.sendRedirect(signedOutPage);
            return;
        }
        ClientRegistration registration = registrations.findByRegistrationId(token.getAuthorizedClientRegistrationId());
        Object endSession = registration == null
                ? null
                : registration.getProviderDetails().getConfigurationMetadata().get(END_SESSION_ENDPOINT);
        if (endSession == null) {
            response.sendRedirect(signedOutPage);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write(page(
                        asTheBrowserReachesIt(endSession.toString(), registration),
                        person.getIdToken().getTokenValue(),
                        registration.getClientId(),
                        signedOutPage));
    }

    /**
     * The provider's metadata names its endpoints by the address the console reaches it at, which a browser may not
     * resolve (in docker compose, {@code http://identity:9000}). The browser already reaches the provider where it
     * is sent to sign in, so it is sent to sign out at the same scheme, host and port.
     */
    static String asTheBrowserReachesIt(String endSessionEndpoint, ClientRegistration registration) {
        URI signIn = URI.create(registration.getProviderDetails().getAuthorizationUri());
        URI endSession = URI.create(endSessionEndpoint);
        return UriComponentsBuilder.fromUri(endSession)
                .scheme(signIn.getScheme())
                .host(signIn.getHost())
                .port(signIn.getPort())
                .build(true)
                .toUriString();
    }

    static String page(String endSessionEndpoint, String idToken, String clientId, String postLogoutRedirect) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>Signing out · Task Force console</title>
                  <link rel="stylesheet" href="/css/console.css">
                  <script src="/js/console.js" defer></script>
                </head>
                <body>
                <main id="main">
                  <h1>Signing out</h1>
                  <form id="end-provider-session" method="post" action="%s">
                    <input type="hidden" name="id_token_hint" value="%s">
                    <input type="hidden" name="client_id" value="%s">
                    <input type="hidden" name="post_logout_redirect_uri" value="%s">
                    <p>Your console session has ended. To end your session at the identity provider too:</p>
                    <button type="submit">Finish signing out</button>
                  </form>
                </main>
                </body>
                </html>
                """.formatted(
                        HtmlUtils.htmlEscape(endSessionEndpoint),
                        HtmlUtils.htmlEscape(idToken),
                        HtmlUtils.htmlEscape(clientId),
                        HtmlUtils.htmlEscape(postLogoutRedirect));
    }
}
