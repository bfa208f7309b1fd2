package taskforce.contracts.cases;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;

/**
 * Triage opened a case for a lead that matched no open case of its task force. {@code identifiers} are as the
 * lead wrote them; {@code normalizedIdentifiers} (added later, optional) the same with the canonical form triage
 * matches by, so that the case rebuilt from its events is the stored case.
 */
public record CaseOpened(
        String caseId,
        String caseNumber,
        String taskForceId,
        String title,
        Priority priority,
        String leadId,
        String agencyId,
        List<Subject> subjects,
        List<Identifier> identifiers,
        Instant openedAt,
        List<NormalizedIdentifier> normalizedIdentifiers)
        implements CaseEventData {

    public CaseOpened(
            String caseId,
            String caseNumber,
            String taskForceId,
            String title,
            Priority priority,
            String leadId,
            String agencyId,
            List<Subject> subjects,
            List<Identifier> identifiers,
            Instant openedAt) {
        this(caseId, caseNumber, taskForceId, title, priority, leadId, agencyId, subjects, identifiers, openedAt, null);
    }

    public CaseOpened {
        normalizedIdentifiers = normalizedIdentifiers == null || normalizedIdentifiers.isEmpty()
                ? null
                : List.copyOf(normalizedIdentifiers);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.opened(this);
    }
}
