package taskforce.notification.cases;

import java.time.Instant;
import java.util.Locale;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.MalformedEventException;
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
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseTransferDecided;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.cases.CaseTransferred;
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
        String coordinatorTitle,
        String otherTaskForceId,
        String assigneeTitle) {

    public static CaseEvent of(CloudEvent event) {
        CaseEventData data = EventCodec.instance().caseEvent(event);
        if (blank(data.caseId()) || blank(data.caseNumber()) || blank(data.taskForceId())) {
            throw new MalformedEventException(
                    event.type() + " " + event.id() + " lacks caseId, caseNumber or taskForceId");
        }
        Wording wording = data.accept(new Words(data.caseNumber()));
        if (wording.personalTitle() != null && blank(wording.memberId())) {
            throw new MalformedEventException(event.type() + " " + event.id() + " names no member");
        }
        return new CaseEvent(
                event.id(),
                event.type(),
                event.time(),
                data.caseId(),
                data.caseNumber(),
                data.taskForceId(),
                wording.headline(),
                wording.memberId(),
                wording.personalTitle(),
                wording.coordinatorTitle(),
                wording.otherTaskForceId(),
                wording.assigneeTitle());
    }

    /**
     * What a notification says about one case event: a headline, and whom else it speaks to: the member it names,
     * the coordinators of the case's task force and of {@code otherTaskForceId} (the other side of a transfer), the
     * members assigned to the case.
     */
    private record Wording(
            String headline,
            String memberId,
            String personalTitle,
            String coordinatorTitle,
            String otherTaskForceId,
            String assigneeTitle) {

        Wording(String headline, String memberId, String personalTitle, String coordinatorTitle) {
            this(headline, memberId, personalTitle, coordinatorTitle, null, null);
        }

        static Wording headline(String headline) {
            return new Wording(headline, null, null, null);
        }
    }

    /** One wording per case event type; the visitor makes the compiler refuse a type left without one. */
    private record Words(String number) implements CaseEventData.Visitor<Wording> {

        @Override
        public Wording opened(CaseOpened opened) {
            return Wording.headline(
                    "Case " + number + " opened" + (opened.title() == null ? "" : ": " + opened.title()));
        }

        @Override
        public Wording leadLinked(CaseLeadLinked linked) {
            return Wording.headline("Lead " + linked.leadId() + " linked to " + number);
        }

        @Override
        public Wording priorityRaised(CasePriorityRaised raised) {
            return Wording.headline(number + " raised from " + raised.from() + " to " + raised.to());
        }

        @Override
        public Wording assigned(CaseAssigned assigned) {
            String role = assigned.role() == null ? "member" : assigned.role().name();
            String memberId = assigned.memberId();
            return new Wording(
                    "Member " + memberId + " assigned to " + number + " as " + role,
                    memberId,
                    "Assigned to " + number + " as " + role,
                    null);
        }

        @Override
        public Wording unassigned(CaseUnassigned unassigned) {
            String memberId = unassigned.memberId();
            return new Wording(
                    "Member " + memberId + " unassigned from " + number, memberId, "Unassigned from " + number, null);
        }

        @Override
        public Wording statusChanged(CaseStatusChanged changed) {
            return Wording.headline(number + " moved from " + changed.from() + " to " + changed.to());
        }

        @Override
        public Wording noteAdded(CaseNoteAdded note) {
            return Wording.headline("Note added to " + number);
        }

        @Override
        public Wording outcomeRecorded(CaseOutcomeRecorded outcome) {
            return Wording.headline("Outcome recorded on " + number + ": " + outcome.type());
        }

        @Override
        public Wording deconflictionHitFound(DeconflictionHitFound hit) {
            // a pointer only: whom to call about which case, never what the other case holds
            return new Wording(
                    "Deconfliction hit on " + number + " with " + hit.otherCaseNumber(),
                    null,
                    null,
                    "Deconfliction: " + number + " shares " + kindOf(hit.matchedIdentifierType()) + " with "
                            + hit.otherCaseNumber() + " of " + hit.otherTaskForceId()
                            + (hit.otherCoordinatorId() == null ? "" : "; contact " + hit.otherCoordinatorId()));
        }

        @Override
        public Wording operationConflictFound(OperationConflictFound conflict) {
            // whom to call and when, never where or what the other side plans
            return new Wording(
                    "Planned operation of " + number + " overlaps with one of " + conflict.otherTaskForceId(),
                    null,
                    null,
                    "Operation conflict: " + number + " plans an operation overlapping one of "
                            + conflict.otherTaskForceId() + " from " + conflict.overlapStartsAt() + " to "
                            + conflict.overlapEndsAt() + "; call " + conflict.otherContactName() + " at "
                            + conflict.otherContactPhone()
                            + (conflict.otherCoordinatorId() == null ? "" : " or " + conflict.otherCoordinatorId()));
        }

        /**
         * To the coordinators of both sides; the receiving side's headline carries what it may see before it
         * accepts (the number and the reason), nothing of the case's content.
         */
        @Override
        public Wording transferProposed(CaseTransferProposed proposed) {
            return new Wording(
                    "Transfer of " + number + " to " + proposed.toTaskForceId() + " proposed",
                    null,
                    null,
                    "Transfer proposed: " + number + " of " + proposed.taskForceId() + " to " + proposed.toTaskForceId()
                            + ", because " + proposed.reason(),
                    proposed.toTaskForceId(),
                    null);
        }

        /** To the coordinators of both sides and the members assigned to the case. */
        @Override
        public Wording transferDecided(CaseTransferDecided decided) {
            String title = "Transfer " + decided.decision() + ": " + number + " to " + decided.toTaskForceId()
                    + (decided.reason() == null ? "" : ", because " + decided.reason());
            return new Wording(
                    "Transfer of " + number + " to " + decided.toTaskForceId() + " "
                            + decided.decision().name().toLowerCase(java.util.Locale.ROOT),
                    null,
                    null,
                    title,
                    decided.toTaskForceId(),
                    title);
        }

        /** To the coordinators of the old and the new task force and the members still assigned (now of the new). */
        @Override
        public Wording transferred(CaseTransferred transferred) {
            String moved = transferred.previousCaseNumber() + " of " + transferred.previousTaskForceId() + " is now "
                    + number + " of " + transferred.taskForceId();
            return new Wording(
                    "Case " + moved,
                    null,
                    null,
                    "Case transferred: " + moved,
                    transferred.previousTaskForceId(),
                    "Your case " + moved);
        }

        /**
         * To the task force's coordinators (another coordinator may be working the case); its assigned members were
         * told by the {@code case.unassigned} events before it, and hear of the survivor by its {@code case.assigned}.
         */
        @Override
        public Wording merged(CaseMerged merged) {
            return new Wording(
                    "Case " + number + " merged into " + merged.mergedIntoCaseNumber(),
                    null,
                    null,
                    "Case merged: " + number + " into " + merged.mergedIntoCaseNumber() + ", because "
                            + merged.reason());
        }

        /** To the task force's coordinators, who keep the review calendar. */
        @Override
        public Wording reviewed(CaseReviewed reviewed) {
            return new Wording(
                    number + " validated on review",
                    null,
                    null,
                    "Review of " + number + " validated; next review due " + reviewed.nextReviewDueAt());
        }

        /** To the task force's coordinators, who must validate or purge the case before it lapses. */
        @Override
        public Wording reviewDue(CaseReviewDue due) {
            return new Wording(
                    "Review of " + number + " due " + due.reviewDueAt(),
                    null,
                    null,
                    "Review of " + number + " due " + due.reviewDueAt() + ": validate it or purge it");
        }

        @Override
        public Wording purged(CasePurged purged) {
            return Wording.headline("Case " + number + " purged");
        }

        /** To the task force's coordinators, who decide whether the two cases are one. */
        @Override
        public Wording mergeProposed(CaseMergeProposed proposed) {
            return new Wording(
                    "Merge of " + number + " and " + proposed.otherCaseNumber() + " proposed",
                    null,
                    null,
                    "Merge proposed: a lead joined " + number + " and matches " + proposed.otherCaseNumber() + " too ("
                            + proposed.reason() + "); merge them if they are one case");
        }

        /** To the members assigned to the surviving case, whose case now holds the other's leads and notes. */
        @Override
        public Wording absorbed(CaseAbsorbed absorbed) {
            String took = number + " took in case " + absorbed.absorbedCaseNumber();
            return new Wording("Case " + took, null, null, null, null, "Your case " + took);
        }
    }

    public boolean concernsMember() {
        return memberId != null;
    }

    /** Whether the task force's coordinators are to hear of it themselves (a deconfliction hit or conflict). */
    public boolean concernsCoordinators() {
        return coordinatorTitle != null;
    }

    /** Whether the members assigned to the case are to hear of it (a transfer's decision and the move). */
    public boolean concernsAssignees() {
        return assigneeTitle != null;
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
