package taskforce.notification.subscription;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The verification link is followed by whoever reads the e-mail, who has no token of this service: the token in
 * the link is the proof. Only that path is open; every other request goes through the platform's resource server.
 */
@Configuration(proxyBeanMethods = false)
class VerificationLinkSecurity {

    static final String PATH = "/api/subscriptions/*/verification";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain verificationLinks(HttpSecurity http) throws Exception {
        http.securityMatcher(PATH)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                // the platform's RequestHardeningFilter writes the security headers for every answer
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
