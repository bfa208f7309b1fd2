package taskforce.console;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Instants as a reader says them, in the reader's time zone: "12 minutes ago", "Tue 1 Dec, 04:00 CST", a window
 * "Tue 1 Dec, 04:00–07:00 CST", a duration "3 hours 20 minutes", and the exact instant for a tooltip. The
 * services answer instants in UTC (ISO 8601); this is the one place that turns them into words, so every page
 * says times alike. "Now" comes from the injected clock, so what a page says is testable. Public because the
 * templates call it.
 */
public final class TimeInWords {

    private static final Locale WORDS = Locale.US;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", WORDS);
    private static final DateTimeFormatter DAY_OF_ANOTHER_YEAR = DateTimeFormatter.ofPattern("EEE d MMM yyyy", WORDS);
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm", WORDS);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", WORDS);
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm:ss zzz", WORDS);

    /** Named, not {@code ZoneOffset.UTC}, so that pages say "UTC" rather than "Z". */
    static final ZoneId UTC = ZoneId.of("UTC");

    private final Clock clock;
    private final ZoneId zone;

    TimeInWords(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** The zone named by the browser (an IANA id such as {@code America/Chicago}), or UTC for none or nonsense. */
    static ZoneId zoneNamed(String name) {
        if (name == null || name.isBlank() || name.length() > 64) {
            return UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException unknown) {
            return UTC;
        }
    }

    public String zoneId() {
        return zone.getId();
    }

    /** The instant as the services wrote it (ISO 8601, UTC), for {@code <time datetime>}. */
    public String iso(Object value) {
        Instant at = instant(value);
        return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The exact instant in the reader's zone, with UTC beside it: what a tooltip shows. */
    public String exact(Object value) {
        Instant at = instant(value);
        if (at == null) {
            return "";
        }
        return EXACT.format(at.atZone(zone)) + " (" + at.truncatedTo(ChronoUnit.SECONDS) + ")";
    }

    /**
     * Within a day of now, how long ago (or how soon): "just now", "12 minutes ago", "in 3 hours"; further off,
     * the day and time: "yesterday, 22:10 CST", "Tue 1 Dec, 04:00 CST", "Mon 3 Nov 2025, 09:00 CST".
     */
    public String words(Object value) {
        Instant at = instant(value);
        if (at == null) {
            return "";
        }
        Instant now = clock.instant();
        Duration apart = Duration.between(at, now);
        Duration distance = apart.abs();
        boolean past = !apart.isNegative();
        if (distance.compareTo(Duration.ofMinutes(1)) < 0) {
            return "just now";
        }
        if (distance.compareTo(Duration.ofHours(1)) < 0) {
            return relative(plural(distance.toMinutes(), "minute"), past);
        }
        if (distance.compareTo(Duration.ofHours(12)) < 0) {
            return relative(plural(distance.toHours(), "hour"), past);
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        if (local.toLocalDate().equals(today)) {
            return "today, " + clockTime(local);
        }
        if (local.toLocalDate().equals(today.minusDays(1))) {
            return "yesterday, " + clockTime(local);
        }
        if (local.toLocalDate().equals(today.plusDays(1))) {
            return "tomorrow, " + clockTime(local);
        }
        return day(local, today) + ", " + clockTime(local);
    }

    /** A window of time: "Tue 1 Dec, 04:00–07:00 CST", or across days "Tue 1 Dec, 22:00 – Wed 2 Dec, 03:00 CST". */
    public String window(Object startValue, Object endValue) {
        Instant start = instant(startValue);
        Instant end = instant(endValue);
        if (start == null || end == null) {
            return words(start == null ? endValue : startValue);
        }
        ZonedDateTime from = start.atZone(zone);
        ZonedDateTime to = end.atZone(zone);
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        String zoneName = ZONE_NAME.format(to);
        if (from.toLocalDate().equals(to.toLocalDate())) {
            return day(from, today) + ", " + CLOCK_TIME.format(from) + "–" + CLOCK_TIME.format(to) + " " + zoneName;
        }
        return day(from, today) + ", " + CLOCK_TIME.format(from) + " – " + day(to, today) + ", " + CLOCK_TIME.format(to)
                + " " + zoneName;
    }

    /** How long from one instant to another, in words: "3 hours", "2 days 4 hours", "45 minutes". */
    public String duration(Object startValue, Object endValue) {
        Instant start = instant(startValue);
        Instant end = instant(endValue);
        return start == null || end == null ? "" : duration(Duration.between(start, end));
    }

    static String duration(Duration length) {
        Duration rest = length.abs();
        if (rest.compareTo(Duration.ofMinutes(1)) < 0) {
            return "less than a minute";
        }
        long days = rest.toDays();
        long hours = rest.toHoursPart();
        long minutes = rest.toMinutesPart();
        List<String> parts = new ArrayList<>();
        if (days > 0) {
            parts.add(plural(days, "day"));
        }
        if (hours > 0) {
            parts.add(plural(hours, "hour"));
        }
        // minutes matter in a short span only: "2 days 4 hours", not "2 days 4 hours 13 minutes"
        if (minutes > 0 && days == 0) {
            parts.add(plural(minutes, "minute"));
        }
        return String.join(" ", parts);
    }

    private String clockTime(ZonedDateTime local) {
        return CLOCK_TIME.format(local) + " " + ZONE_NAME.format(local);
    }

    private static String day(ZonedDateTime local, LocalDate today) {
        return local.getYear() == today.getYear() ? DAY.format(local) : DAY_OF_ANOTHER_YEAR.format(local);
    }

    private static String relative(String amount, boolean past) {
        return past ? amount + " ago" : "in " + amount;
    }

    static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    /** The services' JSON gives instants as strings; a value that is not one is shown as nothing, not as a 500. */
    static Instant instant(Object value) {
        if (value instanceof Instant at) {
            return at;
        }
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeException notAnInstant) {
            return null;
        }
    }
}
