package taskforce.contracts.cases;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.Subject;

/**
 * The case took in another case of its task force, {@code absorbedCaseId}, which its coordinator merged into it:
 * the leads, and what this case lacked of its subjects and identifiers, every note and every outcome. The
 * assignments that move come as {@link CaseAssigned} events right after this one, so that every consumer of
 * assignments learns them the usual way. Written before the other case's {@link CaseMerged}; a case absorbs a
 * given case once.
 */
public record CaseAbsorbed(
        String caseId,
        String caseNumber,
        String taskForceId,
        String absorbedCaseId,
        String absorbedCaseNumber,
        String reason,
        String absorbedBy,
        Instant absorbedAt,
        List<String> leadIds,
        List<Subject> addedSubjects,
        List<NormalizedIdentifier> addedIdentifiers,
        List<MovedNote> notes,
        List<MovedOutcome> outcomes)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.absorbed(this);
    }
}
