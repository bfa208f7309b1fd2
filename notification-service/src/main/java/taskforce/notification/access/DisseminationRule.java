package taskforce.notification.access;

import java.util.Optional;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseMergeProposed;
import taskforce.contracts.cases.CaseMerged;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseOutcomeRecorded;
import taskforce.contracts.cases.CasePriorityRaised;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.CaseReviewDue;
import taskforce.contracts.cases.CaseReviewed;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseTransferDecided;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.cases.CaseTransferred;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.cases.OperationConflictFound;
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

    /**
     * Takes from a case event what the rule needs (task force, status, leads' agencies, assigned members) and
     * answers the case as known after it, so that the event's handling reads it no more.
     */
    public KnownCase learn(CloudEvent event, String caseId, String taskForceId) {
        Learned learned = EventCodec.instance().caseEvent(event).accept(new WhatTheRuleNeeds());
        KnownCase known = cases.remember(
                caseId, taskForceId, learned.status(), learned.leadAgency(), learned.assigned(), learned.unassigned());
        return learned.leadAgenciesOf() == null ? known : cases.inheritLeadAgencies(known, learned.leadAgenciesOf());
    }

    /**
     * What one case event tells the rule; every field may be absent. {@code leadAgenciesOf} names another case
     * whose leads this one now holds, so that their agencies are entitled to this case's content as well.
     */
    private record Learned(
            String status, String leadAgency, String assigned, String unassigned, String leadAgenciesOf) {

        static final Learned NOTHING = new Learned(null, null, null, null);

        Learned(String status, String leadAgency, String assigned, String unassigned) {
            this(status, leadAgency, assigned, unassigned, null);
        }
    }

    /** Through the sealed type's visitor, so that a new case event type cannot go unconsidered here. */
    private static final class WhatTheRuleNeeds implements CaseEventData.Visitor<Learned> {

        @Override
        public Learned opened(CaseOpened event) {
            return new Learned(CaseStatus.OPEN.name(), event.agencyId(), null, null);
        }

        @Override
        public Learned leadLinked(CaseLeadLinked event) {
            return new Learned(null, event.agencyId(), null, null);
        }

        @Override
        public Learned priorityRaised(CasePriorityRaised event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned assigned(CaseAssigned event) {
            return new Learned(null, null, event.memberId(), null);
        }

        @Override
        public Learned unassigned(CaseUnassigned event) {
            return new Learned(null, null, null, event.memberId());
        }

        @Override
        public Learned statusChanged(CaseStatusChanged event) {
            return new Learned(event.to() == null ? null : event.to().name(), null, null, null);
        }

        @Override
        public Learned noteAdded(CaseNoteAdded event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned outcomeRecorded(CaseOutcomeRecorded event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned deconflictionHitFound(DeconflictionHitFound event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned operationConflictFound(OperationConflictFound event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned transferProposed(CaseTransferProposed event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned transferDecided(CaseTransferDecided event) {
            return Learned.NOTHING;
        }

        /** The new task force comes with every case event's common fields; the members who left, by their own events. */
        @Override
        public Learned transferred(CaseTransferred event) {
            return Learned.NOTHING;
        }

        /** Read only from now on; the members who were assigned left by their own events just before. */
        @Override
        public Learned merged(CaseMerged event) {
            return new Learned(CaseStatus.MERGED.name(), null, null, null);
        }

        @Override
        public Learned reviewed(CaseReviewed event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned reviewDue(CaseReviewDue event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned purged(CasePurged event) {
            return Learned.NOTHING;
        }

        @Override
        public Learned mergeProposed(CaseMergeProposed event) {
            return Learned.NOTHING;
        }

        /**
         * The survivor holds the merged case's leads from now on, so the agencies whose leads they are take part in
         * it as they did in the merged case; the event names the leads, not their agencies, which this service
         * learned from the merged case's own events. The moved assignments come as their own {@code case.assigned}
         * events.
         */
        @Override
        public Learned absorbed(CaseAbsorbed event) {
            return new Learned(null, null, null, null, event.absorbedCaseId());
        }
    }

    /** Forgets what the case's events told the rule: its task force, status, leads' agencies, assignees (issue 15). */
    public void forget(String caseId) {
        cases.forget(caseId);
    }

    /**
     * What the rule says now, from one read of the case, of a delivery about it to the agency: the task force the
     * delivery is decided by (the case's own, so that after a transfer the old task force's subscriptions receive
     * nothing more of it, pending retries included, and the new one's receive what follows; the delivery's own for
     * a case not known here), and whether the agency may receive the case's content (as the rule above says).
     */
    public Ruling rule(String agencyId, String caseId, String deliveryTaskForceId) {
        Optional<KnownCase> known = cases.find(caseId);
        return new Ruling(
                known.map(KnownCase::taskForceId).orElse(deliveryTaskForceId),
                known.map(k -> entitlesToContent(agencyId, k)).orElse(false));
    }

    /** See {@link #rule}. */
    public record Ruling(String taskForceId, boolean content) {}

    /** Whether the agency may receive the content of the case as known now. */
    private boolean entitlesToContent(String agencyId, KnownCase known) {
        return agencyId != null
                && (known.leadAgencyIds().contains(agencyId)
                        || known.assignedMemberIds().stream()
                                .map(directory::member)
                                .flatMap(Optional::stream)
                                .anyMatch(member -> agencyId.equals(member.agencyId())));
    }
}
