package taskforce.contracts.cases;

import java.time.Instant;
import taskforce.contracts.lead.IdentifierType;

/**
 * A case shares a target with a case of another task force or agency. It carries only what the other side
 * needs to get in touch: the other case's number, task force and coordinator, and the kind of identifier that
 * matched; never the other case's content.
 */
public record DeconflictionHitFound(
        String hitId,
        String caseId,
        String caseNumber,
        String taskForceId,
        String otherCaseNumber,
        String otherTaskForceId,
        String otherCoordinatorId,
        IdentifierType matchedIdentifierType,
        Instant foundAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.deconflictionHitFound(this);
    }
}
