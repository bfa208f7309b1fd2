package taskforce.intake.lead;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A lead reports something that has happened; clocks of agency systems may run a little ahead of ours. */
public final class OccurrenceTime {

    public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

    private OccurrenceTime() {}

    /** Why {@code occurredAt} is not acceptable at {@code now}, if it is not. */
    public static Optional<String> problem(Instant occurredAt, Instant now) {
        if (occurredAt.isAfter(now.plus(ALLOWED_CLOCK_SKEW))) {
            return Optional.of("must not be in the future (it is " + now + " now)");
        }
        return Optional.empty();
    }
}
