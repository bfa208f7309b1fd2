package taskforce.cases.directory;

import java.time.LocalDate;
import taskforce.contracts.directory.AgreementStatus;

public record Agreement(
        String id,
        String agencyId,
        String taskForceId,
        AgreementStatus status,
        LocalDate effectiveFrom,
        LocalDate effectiveTo) {

    /** The id an agreement gets when its creator names none: one agreement per agency and task force. */
    public static String defaultId(String agencyId, String taskForceId) {
        return agencyId + "--" + taskForceId;
    }
}
