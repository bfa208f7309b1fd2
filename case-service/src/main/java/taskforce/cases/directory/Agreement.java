package taskforce.cases.directory;

import java.time.LocalDate;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;

public record Agreement(
        String id,
        String agencyId,
        String taskForceId,
        AgreementStatus status,
        LocalDate effectiveFrom,
        LocalDate effectiveTo) {

    /** In force on the day, by the one rule the directory's contract states for every service. */
    public boolean inForceOn(LocalDate day) {
        return new AgreementUpserted(id, agencyId, taskForceId, status, effectiveFrom, effectiveTo).inForceOn(day);
    }

    /** The id an agreement gets when its creator names none: one agreement per agency and task force. */
    public static String defaultId(String agencyId, String taskForceId) {
        return agencyId + "--" + taskForceId;
    }
}
