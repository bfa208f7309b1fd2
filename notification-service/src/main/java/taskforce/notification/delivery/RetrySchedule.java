package taskforce.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again, as the big webhook providers do: the waits grow from seconds to hours
 * (by default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: more than a day in all), each spread by up to {@code
 * jitter} either way so that the deliveries a receiver's outage piled up do not all return at the same instant.
 * A receiver that refuses the request itself (4xx other than 408 Request Timeout and 429 Too Many Requests) will
 * not change its mind in an hour: such a delivery is retried {@code clientErrorRetries} times only.
 */
public record RetrySchedule(List<Duration> backoff, double jitter, int clientErrorRetries) {

    public RetrySchedule {
        backoff = List.copyOf(backoff);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter is a fraction in [0, 1): " + jitter);
        }
    }

    public RetrySchedule(List<Duration> backoff) {
        this(backoff, 0, Integer.MAX_VALUE);
    }

    /** The wait after {@code failedAttempts} failures, or empty when that was the last attempt. */
    public Optional<Duration> delayAfter(int failedAttempts) {
        if (failedAttempts < 1 || failedAttempts > backoff.size()) {
            return Optional.empty();
        }
        return Optional.of(backoff.get(failedAttempts - 1));
    }

    /** The wait after a failure that answered {@code statusCode} (null: no answer), jittered; empty: give up. */
    public Optional<Duration> delayAfter(int failedAttempts, Integer statusCode, RandomGenerator random) {
        if (refusedByReceiver(statusCode) && failedAttempts > clientErrorRetries) {
            return Optional.empty();
        }
        return delayAfter(failedAttempts).map(wait -> spread(wait, random));
    }

    private Duration spread(Duration wait, RandomGenerator random) {
        if (jitter == 0) {
            return wait;
        }
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(wait.toMillis() * factor));
    }

    private static boolean refusedByReceiver(Integer statusCode) {
        return statusCode != null && statusCode >= 400 && statusCode < 500 && statusCode != 408 && statusCode != 429;
    }

    public int maxAttempts() {
        return backoff.size() + 1;
    }

    /** Every wait of the schedule added up: how long a delivery is tried before it is DEAD. */
    public Duration span() {
        return backoff.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
