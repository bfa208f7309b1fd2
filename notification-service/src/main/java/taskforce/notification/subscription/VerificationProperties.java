package taskforce.notification.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How e-mail subscriptions to addresses outside the directory are verified: the link sent to the address starts
 * with {@code baseUrl} (where agencies reach this service) and works for {@code ttl}.
 */
@ConfigurationProperties("notification.verification")
public record VerificationProperties(
        @DefaultValue("http://localhost:8083") String baseUrl,
        @DefaultValue("24h") Duration ttl) {}
