package taskforce.platform.refusal;

import java.time.Duration;
import java.util.Optional;

/** The caller's allowance is spent; it comes back after {@link #retryAfter()}. */
public class TooManyRequests extends Refusal {

    private final Duration retryAfter;

    public TooManyRequests(String title, String detail, String field, Duration retryAfter) {
        super(Kind.TOO_MANY_REQUESTS, title, detail, field);
        this.retryAfter = retryAfter;
    }

    public TooManyRequests(String title, String detail, Duration retryAfter) {
        this(title, detail, null, retryAfter);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
