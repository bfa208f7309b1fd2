package taskforce.contracts.cases;

import java.time.Instant;

/**
 * The case was merged into another open case of its task force, {@code mergedIntoCaseId}, which now holds its
 * leads, subjects, identifiers, notes, outcomes and assignments ({@link CaseAbsorbed} on that case, written before
 * this one). From this event on the case is read only: its status is {@code MERGED}, and a lead matching it joins
 * the surviving case. Assignments end by their own {@link CaseUnassigned} events, written just before this one.
 */
public record CaseMerged(
        String caseId,
        String caseNumber,
        String taskForceId,
        String mergedIntoCaseId,
        String mergedIntoCaseNumber,
        String reason,
        String mergedBy,
        Instant mergedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.merged(this);
    }
}
