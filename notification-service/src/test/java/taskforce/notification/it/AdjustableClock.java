package taskforce.notification.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: the system's, moved on by what a test asks for, so that a test can let a lease
 * lapse without waiting for it. Tests that move it put it back when they end.
 */
final class AdjustableClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    void moveOn(Duration by) {
        ahead = ahead.plus(by);
    }

    void reset() {
        ahead = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service runs on UTC");
    }
}
