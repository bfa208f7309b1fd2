package taskforce.contracts.cases;

import java.time.Instant;
import taskforce.contracts.lead.Priority;

/** A lead more urgent than its case joined it, and the case took the lead's priority. */
public record CasePriorityRaised(
        String caseId,
        String caseNumber,
        String taskForceId,
        Priority from,
        Priority to,
        String leadId,
        Instant raisedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.priorityRaised(this);
    }
}
