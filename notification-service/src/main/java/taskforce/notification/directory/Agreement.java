package taskforce.notification.directory;

import java.time.LocalDate;

/** A memorandum of agreement under which an agency takes part in a task force, as the directory last said. */
public record Agreement(
        String id, String agencyId, String taskForceId, String status, LocalDate effectiveFrom, LocalDate effectiveTo) {

    static final String ACTIVE = "ACTIVE";

    /** In force on the given day: ACTIVE, and the day within its effective dates (open ends allowed). */
    public boolean inForceOn(LocalDate day) {
        return ACTIVE.equals(status)
                && (effectiveFrom == null || !day.isBefore(effectiveFrom))
                && (effectiveTo == null || !day.isAfter(effectiveTo));
    }
}
