package taskforce.intake.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.Location;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;

/**
 * A lead as the API shows it; {@code duplicate}/{@code duplicateOf} only on the answer to a duplicate submission,
 * {@code movedAt} only on a lead a merge moved into its present case (issue 15).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadView(
        String leadId,
        LeadStatus status,
        String agencyId,
        String submittedBy,
        String taskForceId,
        String agencyReference,
        Priority priority,
        String summary,
        String narrative,
        Instant occurredAt,
        Location location,
        List<Subject> subjects,
        List<Identifier> identifiers,
        Instant receivedAt,
        String caseId,
        String caseNumber,
        String reason,
        Instant triagedAt,
        Instant movedAt,
        long version,
        Boolean duplicate,
        String duplicateOf) {

    public static LeadView of(Lead lead, long version) {
        return new LeadView(
                lead.id(),
                lead.status(),
                lead.agencyId(),
                lead.submittedBy(),
                lead.taskForceId(),
                lead.agencyReference(),
                lead.priority(),
                lead.summary(),
                lead.narrative(),
                lead.occurredAt(),
                lead.location(),
                lead.subjects(),
                lead.identifiers(),
                lead.receivedAt(),
                lead.caseId(),
                lead.caseNumber(),
                lead.reason(),
                lead.triagedAt(),
                lead.movedAt(),
                version,
                null,
                null);
    }

    public LeadView asDuplicate() {
        return new LeadView(
                leadId,
                status,
                agencyId,
                submittedBy,
                taskForceId,
                agencyReference,
                priority,
                summary,
                narrative,
                occurredAt,
                location,
                subjects,
                identifiers,
                receivedAt,
                caseId,
                caseNumber,
                reason,
                triagedAt,
                movedAt,
                version,
                true,
                leadId);
    }
}
