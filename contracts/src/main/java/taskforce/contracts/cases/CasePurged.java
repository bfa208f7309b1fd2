package taskforce.contracts.cases;

import java.time.Instant;
import java.util.List;

/**
 * The case is purged: every service erases what it holds of it on this event, and what remains is a tombstone
 * (number, task force, time, who decided) and the audit trail's record of the purge. It carries ids only, never
 * content, so that the event itself, kept in logs and on the topic, holds nothing that was to be erased:
 * {@code leadIds} are the leads whose content intake-service erases; {@code decidedBy} is the coordinator whose
 * review decided it, absent when the review lapsed. It is the case's last event; nothing follows it.
 */
public record CasePurged(
        String caseId,
        String caseNumber,
        String taskForceId,
        List<String> leadIds,
        PurgeCause cause,
        String decidedBy,
        Instant purgedAt)
        implements CaseEventData {

    public CasePurged {
        leadIds = leadIds == null ? List.of() : List.copyOf(leadIds);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.purged(this);
    }
}
