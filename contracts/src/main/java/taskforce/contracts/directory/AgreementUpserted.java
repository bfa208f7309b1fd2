package taskforce.contracts.directory;

import java.time.LocalDate;

/**
 * A memorandum of agreement under which an agency takes part in a task force.
 *
 * @param version the entity's version in the directory (optional); see {@link AgencyUpserted#version()}
 */
public record AgreementUpserted(
        String id,
        String agencyId,
        String taskForceId,
        AgreementStatus status,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        Long version) {

    public AgreementUpserted(
            String id,
            String agencyId,
            String taskForceId,
            AgreementStatus status,
            LocalDate effectiveFrom,
            LocalDate effectiveTo) {
        this(id, agencyId, taskForceId, status, effectiveFrom, effectiveTo, null);
    }

    /** In force on the given day: ACTIVE, and the day within its effective dates. */
    public boolean inForceOn(LocalDate day) {
        return status == AgreementStatus.ACTIVE
                && (effectiveFrom == null || !day.isBefore(effectiveFrom))
                && (effectiveTo == null || !day.isAfter(effectiveTo));
    }
}
