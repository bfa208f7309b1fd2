package taskforce.contracts.cases;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.Subject;

/**
 * A lead joined an open case because it carries identifiers the case already had ({@code matchedIdentifiers}) or
 * names a person the case already names ({@code matchedPeople}, added later and optional: one reason per person,
 * such as {@code same person: Muhammad Ali ~ Mohamed Ali, born 1980-03-14 (spelling)}).
 *
 * <p>{@code addedSubjects} and {@code addedIdentifiers} (added later, optional) are what the lead brought that the
 * case did not have yet, identifiers with the canonical form triage matched by: the case takes them from this
 * event, so its history says everything the link changed.
 */
public record CaseLeadLinked(
        String caseId,
        String caseNumber,
        String taskForceId,
        String leadId,
        String agencyId,
        List<Identifier> matchedIdentifiers,
        Instant linkedAt,
        List<String> matchedPeople,
        List<Subject> addedSubjects,
        List<NormalizedIdentifier> addedIdentifiers)
        implements CaseEventData {

    public CaseLeadLinked(
            String caseId,
            String caseNumber,
            String taskForceId,
            String leadId,
            String agencyId,
            List<Identifier> matchedIdentifiers,
            Instant linkedAt) {
        this(caseId, caseNumber, taskForceId, leadId, agencyId, matchedIdentifiers, linkedAt, null, null, null);
    }

    public CaseLeadLinked(
            String caseId,
            String caseNumber,
            String taskForceId,
            String leadId,
            String agencyId,
            List<Identifier> matchedIdentifiers,
            Instant linkedAt,
            List<String> matchedPeople) {
        this(
                caseId,
                caseNumber,
                taskForceId,
                leadId,
                agencyId,
                matchedIdentifiers,
                linkedAt,
                matchedPeople,
                null,
                null);
    }

    public CaseLeadLinked {
        matchedPeople = orNull(matchedPeople);
        addedSubjects = orNull(addedSubjects);
        addedIdentifiers = orNull(addedIdentifiers);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.leadLinked(this);
    }

    /** Empty and absent say the same, and are written alike: not at all. */
    private static <T> List<T> orNull(List<T> list) {
        return list == null || list.isEmpty() ? null : List.copyOf(list);
    }
}
