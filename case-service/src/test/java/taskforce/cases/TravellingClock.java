package taskforce.cases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's clock in integration tests: the real time unless a test travels, so that a test can record what
 * happens in a fiscal year no other test touches while every rule about "now" still holds.
 */
public final class TravellingClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** From now on, the clock reads {@code to} (and runs on from there) until {@link #backToNow()}. */
    public void travelTo(Instant to) {
        offset.set(Duration.between(Clock.systemUTC().instant(), to));
    }

    public void backToNow() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Clock.systemUTC().instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }
}
