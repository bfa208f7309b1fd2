package taskforce.console;

import org.mongodb.spring.session.config.annotation.web.http.EnableMongoHttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Sessions live in the store ({@code console_sessions}), not in one instance's memory: the sign-in, the person's
 * tokens and the CSRF token are there for whichever console instance the load balancer picks, with no sticky
 * sessions. The tokens are kept in the session too ({@link HttpSessionOAuth2AuthorizedClientRepository}), where
 * Boot would keep them in the instance's memory. Spring Boot 4 has no MongoDB session module; MongoDB's
 * extension of Spring Session is configured here as its documentation says.
 */
@Configuration(proxyBeanMethods = false)
@EnableMongoHttpSession(collectionName = "console_sessions", maxInactiveIntervalInSeconds = 8 * 60 * 60)
class SessionStore {

    @Bean
    OAuth2AuthorizedClientRepository authorizedClientsInTheSession() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /**
     * The cookie as {@code server.servlet.session.cookie.*} describes it (Spring Session writes its own cookie):
     * named apart from the identity provider's on the same host, SameSite=Lax, HttpOnly.
     */
    @Bean
    CookieSerializer sessionCookie(
            @Value("${server.servlet.session.cookie.name:CONSOLE_SESSION}") String name,
            @Value("${server.servlet.session.cookie.same-site:lax}") String sameSite) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(name);
        cookie.setSameSite(Character.toUpperCase(sameSite.charAt(0))
                + sameSite.substring(1).toLowerCase());
        cookie.setUseHttpOnlyCookie(true);
        cookie.setUseBase64Encoding(false);
        return cookie;
    }
}
