package taskforce.notification.cases;

import java.time.Instant;
import java.util.Locale;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseOutcomeRecorded;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.cases.OperationConflictFound;
import taskforce.contracts.lead.IdentifierType;

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
        String personalTitle,
        String coordinatorTitle) {

    public static CaseEvent of(CloudEvent event) {
        EventType<?> type = EventTypes.byName(event.type())
                .filter(known -> known.topic().equals(Topics.CASES))
                .orElseThrow(
                        () -> new MalformedEventException(event.type() + " " + event.id() + " is not a case event"));
        Object payload = EventCodec.instance().payload(event, type);
        if (!(payload instanceof CaseEventData data)
                || blank(data.caseId())
                || blank(data.caseNumber())
                || blank(data.taskForceId())) {
            throw new MalformedEventException(
                    event.type() + " " + event.id() + " lacks caseId, caseNumber or taskForceId");
        }
        String number = data.caseNumber();
        String memberId = null;
        String personalTitle = null;
        String coordinatorTitle = null;
        String headline;
        if (payload instanceof CaseAssigned assigned) {
            String role = assigned.role() == null ? "member" : assigned.role().name();
            memberId = assigned.memberId();
            headline = "Member " + memberId + " assigned to " + number + " as " + role;
            personalTitle = "Assigned to " + number + " as " + role;
        } else if (payload instanceof CaseUnassigned unassigned) {
            memberId = unassigned.memberId();
            headline = "Member " + memberId + " unassigned from " + number;
            personalTitle = "Unassigned from " + number;
        } else if (payload instanceof CaseOpened opened) {
            headline = "Case " + number + " opened" + (opened.title() == null ? "" : ": " + opened.title());
        } else if (payload instanceof CaseLeadLinked linked) {
            headline = "Lead " + linked.leadId() + " linked to " + number;
        } else if (payload instanceof CaseStatusChanged changed) {
            headline = number + " moved from " + changed.from() + " to " + changed.to();
        } else if (payload instanceof CaseNoteAdded) {
            headline = "Note added to " + number;
        } else if (payload instanceof CaseOutcomeRecorded outcome) {
            headline = "Outcome recorded on " + number + ": " + outcome.type();
        } else if (payload instanceof DeconflictionHitFound hit) {
            headline = "Deconfliction hit on " + number + " with " + hit.otherCaseNumber();
            // a pointer only: whom to call about which case, never what the other case holds
            coordinatorTitle = "Deconfliction: " + number + " shares " + kindOf(hit.matchedIdentifierType()) + " with "
                    + hit.otherCaseNumber() + " of " + hit.otherTaskForceId()
                    + (hit.otherCoordinatorId() == null ? "" : "; contact " + hit.otherCoordinatorId());
        } else if (payload instanceof OperationConflictFound conflict) {
            headline = "Planned operation of " + number + " overlaps with one of " + conflict.otherTaskForceId();
            // whom to call and when, never where or what the other side plans
            coordinatorTitle = "Operation conflict: " + number + " plans an operation overlapping one of "
                    + conflict.otherTaskForceId() + " from " + conflict.overlapStartsAt() + " to "
                    + conflict.overlapEndsAt() + "; call " + conflict.otherContactName() + " at "
                    + conflict.otherContactPhone()
                    + (conflict.otherCoordinatorId() == null ? "" : " or " + conflict.otherCoordinatorId());
        } else {
            throw new MalformedEventException(
                    event.type() + " " + event.id() + " is a case event this service does not know");
        }
        if (personalTitle != null && blank(memberId)) {
            throw new MalformedEventException(event.type() + " " + event.id() + " names no member");
        }
        return new CaseEvent(
                event.id(),
                event.type(),
                event.time(),
                data.caseId(),
                number,
                data.taskForceId(),
                headline,
                memberId,
                personalTitle,
                coordinatorTitle);
    }

    public boolean concernsMember() {
        return memberId != null;
    }

    /** Whether the task force's coordinators are to hear of it themselves (a deconfliction hit or conflict). */
    public boolean concernsCoordinators() {
        return coordinatorTitle != null;
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

    /** "a PHONE" reads as a code; "a phone", "an ip address", "a person" as a sentence. */
    private static String kindOf(IdentifierType type) {
        String kind =
                type == null ? "target" : type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
