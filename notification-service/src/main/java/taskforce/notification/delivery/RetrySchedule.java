package taskforce.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How long to wait before each retry; when the waits run out the delivery is given up. */
public record RetrySchedule(List<Duration> backoff) {

    public RetrySchedule {
        backoff = List.copyOf(backoff);
    }

    /** The wait after {@code failedAttempts} failures, or empty when that was the last attempt. */
    public Optional<Duration> delayAfter(int failedAttempts) {
        if (failedAttempts < 1 || failedAttempts > backoff.size()) {
            return Optional.empty();
        }
        return Optional.of(backoff.get(failedAttempts - 1));
    }

    public int maxAttempts() {
        return backoff.size() + 1;
    }
}
