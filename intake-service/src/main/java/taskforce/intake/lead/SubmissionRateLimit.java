package taskforce.intake.lead;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import taskforce.platform.web.ProblemException;

/**
 * Lead submissions per agency, limited as the {@code lead-submission} rate limiter instance is configured
 * ({@code resilience4j.ratelimiter.instances.lead-submission}), each agency with a limiter of its own: one agency's
 * runaway system must not crowd out the others. Over the limit is 429 with {@code Retry-After}.
 */
@Component
class SubmissionRateLimit {

    static final String INSTANCE = "lead-submission";

    private final RateLimiterRegistry registry;
    private final RateLimiterConfig config;

    SubmissionRateLimit(RateLimiterRegistry registry) {
        this.registry = registry;
        this.config = registry.rateLimiter(INSTANCE).getRateLimiterConfig();
    }

    void acquire(String agencyId) {
        RateLimiter limiter = registry.rateLimiter(INSTANCE + ":" + agencyId, config);
        if (!limiter.acquirePermission()) {
            long seconds = Math.max(1, ceilSeconds(untilNextPermission(limiter)));
            throw new ProblemException(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "Too many leads",
                            "agency " + agencyId + " may submit " + config.getLimitForPeriod() + " leads per "
                                    + config.getLimitRefreshPeriod().toSeconds() + " s; retry in " + seconds + " s")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
    }

    private Duration untilNextPermission(RateLimiter limiter) {
        if (limiter instanceof AtomicRateLimiter atomic) {
            return Duration.ofNanos(Math.max(0, atomic.getDetailedMetrics().getNanosToWait()));
        }
        return config.getLimitRefreshPeriod();
    }

    private static long ceilSeconds(Duration wait) {
        return wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
    }
}
