package taskforce.notification.access;

import java.util.Optional;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.notification.directory.Directory;

/**
 * The one place that decides how much of a case an agency's webhook or e-mail subscription carries (28 CFR Part
 * 23: need to know and right to know). Every subscription delivery already needs an agreement in force between
 * the agency and the case's task force ({@link NeedToKnow}); on top of that:
 *
 * <ul>
 *   <li>content (the event as published: subjects, identifiers, notes, narratives, titles, contacts) goes only to
 *       an agency with a member assigned to the case now, or whose lead the case holds;
 *   <li>every other agency gets the thin form: event type, ids, case number, task force, status and time, and
 *       reads the rest from case-service with its own token, where that read is authorised and audited.
 * </ul>
 *
 * Asked before every attempt, so an agency whose last member is unassigned gets the thin form from then on. What
 * it needs comes from the case events themselves ({@link KnownCases}) and the directory (a member's agency now).
 */
@Service
public class DisseminationRule {

    private final KnownCases cases;
    private final Directory directory;

    DisseminationRule(KnownCases cases, Directory directory) {
        this.cases = cases;
        this.directory = directory;
    }

    /** Takes from a case event what the rule needs: task force, status, leads' agencies, assigned members. */
    public void learn(CloudEvent event, String caseId, String taskForceId) {
        Object payload = EventTypes.byName(event.type())
                .<Object>map(type -> payloadOf(event, type))
                .orElse(null);
        String status = null;
        String leadAgency = null;
        String assigned = null;
        String unassigned = null;
        if (payload instanceof CaseOpened opened) {
            status = CaseStatus.OPEN.name();
            leadAgency = opened.agencyId();
        } else if (payload instanceof CaseLeadLinked linked) {
            leadAgency = linked.agencyId();
        } else if (payload instanceof CaseAssigned assignment) {
            assigned = assignment.memberId();
        } else if (payload instanceof CaseUnassigned unassignment) {
            unassigned = unassignment.memberId();
        } else if (payload instanceof CaseStatusChanged changed && changed.to() != null) {
            status = changed.to().name();
        }
        cases.remember(caseId, taskForceId, status, leadAgency, assigned, unassigned);
    }

    /** Whether the agency may receive the case's content, as the rule above says, now. */
    public boolean entitlesToContent(String agencyId, String caseId) {
        if (agencyId == null) {
            return false;
        }
        return cases.find(caseId)
                .map(known -> known.leadAgencyIds().contains(agencyId)
                        || known.assignedMemberIds().stream()
                                .map(directory::member)
                                .flatMap(Optional::stream)
                                .anyMatch(member -> agencyId.equals(member.agencyId())))
                .orElse(false);
    }

    /** The case's status as its events have told it, if they have. */
    public Optional<CaseStatus> statusOf(String caseId) {
        return cases.find(caseId).map(KnownCases.KnownCase::status).map(CaseStatus::valueOf);
    }

    private static Object payloadOf(CloudEvent event, EventType<?> type) {
        return EventCodec.instance().payload(event, type);
    }
}
