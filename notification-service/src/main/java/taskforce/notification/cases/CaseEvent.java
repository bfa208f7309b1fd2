package taskforce.notification.cases;

import java.time.Instant;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseOutcomeRecorded;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.cases.DeconflictionHitFound;

/**
 * What notifications need from any case event: which case, which task force, a one-line headline, and for
 * (un)assignments the member concerned.
 */
public record CaseEvent(
        String eventId,
        String type,
        Instant time,
        String caseId,
        String caseNumber,
        String taskForceId,
        String headline,
        String memberId,
        String personalTitle) {

    public static CaseEvent of(CloudEvent event) {
        EventCodec codec = EventCodec.instance();
        String type = event.type();
        CaseEvent summary;
        if (EventTypes.CASE_ASSIGNED.name().equals(type)) {
            CaseAssigned p = codec.payload(event, EventTypes.CASE_ASSIGNED);
            String role = p.role() == null ? "member" : p.role().name();
            summary = of(
                    event,
                    p.caseId(),
                    p.caseNumber(),
                    p.taskForceId(),
                    "Member " + p.memberId() + " assigned to " + p.caseNumber() + " as " + role,
                    p.memberId(),
                    "Assigned to " + p.caseNumber() + " as " + role);
            requireMember(summary, event);
        } else if (EventTypes.CASE_UNASSIGNED.name().equals(type)) {
            CaseUnassigned p = codec.payload(event, EventTypes.CASE_UNASSIGNED);
            summary = of(
                    event,
                    p.caseId(),
                    p.caseNumber(),
                    p.taskForceId(),
                    "Member " + p.memberId() + " unassigned from " + p.caseNumber(),
                    p.memberId(),
                    "Unassigned from " + p.caseNumber());
            requireMember(summary, event);
        } else if (EventTypes.CASE_OPENED.name().equals(type)) {
            CaseOpened p = codec.payload(event, EventTypes.CASE_OPENED);
            summary = of(
                    event,
                    p.caseId(),
                    p.caseNumber(),
                    p.taskForceId(),
                    "Case " + p.caseNumber() + " opened" + (p.title() == null ? "" : ": " + p.title()),
                    null,
                    null);
        } else if (EventTypes.CASE_LEAD_LINKED.name().equals(type)) {
            CaseLeadLinked p = codec.payload(event, EventTypes.CASE_LEAD_LINKED);
            summary = of(
                    event,
                    p.caseId(),
                    p.caseNumber(),
                    p.taskForceId(),
                    "Lead " + p.leadId() + " linked to " + p.caseNumber(),
                    null,
                    null);
        } else if (EventTypes.CASE_STATUS_CHANGED.name().equals(type)) {
            CaseStatusChanged p = codec.payload(event, EventTypes.CASE_STATUS_CHANGED);
            summary = of(
                    event,
                    p.caseId(),
                    p.caseNumber(),
                    p.taskForceId(),
                    p.caseNumber() + " moved from " + p.from() + " to " + p.to(),
                    null,
                    null);
        } else if (EventTypes.CASE_NOTE_ADDED.name().equals(type)) {
            CaseNoteAdded p = codec.payload(event, EventTypes.CASE_NOTE_ADDED);
            summary = of(
                    event, p.caseId(), p.caseNumber(), p.taskForceId(), "Note added to " + p.caseNumber(), null, null);
        } else if (EventTypes.CASE_OUTCOME_RECORDED.name().equals(type)) {
            CaseOutcomeRecorded p = codec.payload(event, EventTypes.CASE_OUTCOME_RECORDED);
            summary = of(
                    event,
                    p.caseId(),
                    p.caseNumber(),
                    p.taskForceId(),
                    "Outcome recorded on " + p.caseNumber() + ": " + p.type(),
                    null,
                    null);
        } else if (EventTypes.CASE_DECONFLICTION_HIT.name().equals(type)) {
            DeconflictionHitFound p = codec.payload(event, EventTypes.CASE_DECONFLICTION_HIT);
            summary = of(
                    event,
                    p.caseId(),
                    p.caseNumber(),
                    p.taskForceId(),
                    "Deconfliction hit on " + p.caseNumber() + " with " + p.otherCaseNumber(),
                    null,
                    null);
        } else {
            throw new MalformedEventException(type + " " + event.id() + " is not a case event");
        }
        if (blank(summary.caseId()) || blank(summary.caseNumber()) || blank(summary.taskForceId())) {
            throw new MalformedEventException(type + " " + event.id() + " lacks caseId, caseNumber or taskForceId");
        }
        return summary;
    }

    public boolean concernsMember() {
        return memberId != null;
    }

    /** The text of an e-mail about this event. */
    public String describe(String greeting, String title) {
        StringBuilder text = new StringBuilder();
        if (greeting != null) {
            text.append(greeting).append("\n\n");
        }
        return text.append(title)
                .append("\n\nCase: ")
                .append(caseNumber)
                .append(" (")
                .append(caseId)
                .append(')')
                .append("\nTask force: ")
                .append(taskForceId)
                .append("\nEvent: ")
                .append(type)
                .append(time == null ? "" : " at " + time)
                .append('\n')
                .toString();
    }

    private static CaseEvent of(
            CloudEvent event,
            String caseId,
            String caseNumber,
            String taskForceId,
            String headline,
            String memberId,
            String personalTitle) {
        return new CaseEvent(
                event.id(),
                event.type(),
                event.time(),
                caseId,
                caseNumber,
                taskForceId,
                headline,
                memberId,
                personalTitle);
    }

    private static void requireMember(CaseEvent summary, CloudEvent event) {
        if (blank(summary.memberId())) {
            throw new MalformedEventException(event.type() + " " + event.id() + " names no member");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
