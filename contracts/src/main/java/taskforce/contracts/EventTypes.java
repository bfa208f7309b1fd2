package taskforce.contracts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import taskforce.contracts.audit.AccessRecorded;
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.contracts.cases.CaseAssigned;
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
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;

/** The catalogue of every event type of the system. A new type needs a golden sample, or the build fails. */
public final class EventTypes {

    public static final EventType<LeadSubmitted> LEAD_SUBMITTED =
            new EventType<>("lead.submitted.v1", LeadSubmitted.class, Topics.LEADS);
    public static final EventType<LeadTriaged> LEAD_TRIAGED =
            new EventType<>("lead.triaged.v1", LeadTriaged.class, Topics.LEAD_TRIAGE);

    public static final EventType<CaseOpened> CASE_OPENED =
            new EventType<>("case.opened.v1", CaseOpened.class, Topics.CASES);
    public static final EventType<CaseLeadLinked> CASE_LEAD_LINKED =
            new EventType<>("case.lead-linked.v1", CaseLeadLinked.class, Topics.CASES);
    public static final EventType<CasePriorityRaised> CASE_PRIORITY_RAISED =
            new EventType<>("case.priority-raised.v1", CasePriorityRaised.class, Topics.CASES);
    public static final EventType<CaseAssigned> CASE_ASSIGNED =
            new EventType<>("case.assigned.v1", CaseAssigned.class, Topics.CASES);
    public static final EventType<CaseUnassigned> CASE_UNASSIGNED =
            new EventType<>("case.unassigned.v1", CaseUnassigned.class, Topics.CASES);
    public static final EventType<CaseStatusChanged> CASE_STATUS_CHANGED =
            new EventType<>("case.status-changed.v1", CaseStatusChanged.class, Topics.CASES);
    public static final EventType<CaseNoteAdded> CASE_NOTE_ADDED =
            new EventType<>("case.note-added.v1", CaseNoteAdded.class, Topics.CASES);
    public static final EventType<CaseOutcomeRecorded> CASE_OUTCOME_RECORDED =
            new EventType<>("case.outcome-recorded.v1", CaseOutcomeRecorded.class, Topics.CASES);
    public static final EventType<DeconflictionHitFound> CASE_DECONFLICTION_HIT =
            new EventType<>("case.deconfliction-hit.v1", DeconflictionHitFound.class, Topics.CASES);
    public static final EventType<OperationConflictFound> CASE_OPERATION_CONFLICT =
            new EventType<>("case.operation-conflict.v1", OperationConflictFound.class, Topics.CASES);
    public static final EventType<CaseTransferProposed> CASE_TRANSFER_PROPOSED =
            new EventType<>("case.transfer-proposed.v1", CaseTransferProposed.class, Topics.CASES);
    public static final EventType<CaseTransferDecided> CASE_TRANSFER_DECIDED =
            new EventType<>("case.transfer-decided.v1", CaseTransferDecided.class, Topics.CASES);
    public static final EventType<CaseTransferred> CASE_TRANSFERRED =
            new EventType<>("case.transferred.v1", CaseTransferred.class, Topics.CASES);
    public static final EventType<CaseMerged> CASE_MERGED =
            new EventType<>("case.merged.v1", CaseMerged.class, Topics.CASES);
    public static final EventType<CaseAbsorbed> CASE_ABSORBED =
            new EventType<>("case.absorbed.v1", CaseAbsorbed.class, Topics.CASES);
    public static final EventType<CaseMergeProposed> CASE_MERGE_PROPOSED =
            new EventType<>("case.merge-proposed.v1", CaseMergeProposed.class, Topics.CASES);
    public static final EventType<CaseReviewed> CASE_REVIEWED =
            new EventType<>("case.reviewed.v1", CaseReviewed.class, Topics.CASES);
    public static final EventType<CaseReviewDue> CASE_REVIEW_DUE =
            new EventType<>("case.review-due.v1", CaseReviewDue.class, Topics.CASES);
    public static final EventType<CasePurged> CASE_PURGED =
            new EventType<>("case.purged.v1", CasePurged.class, Topics.CASES);

    public static final EventType<AgencyUpserted> AGENCY_UPSERTED =
            new EventType<>("agency.upserted.v1", AgencyUpserted.class, Topics.DIRECTORY);
    public static final EventType<TaskForceUpserted> TASK_FORCE_UPSERTED =
            new EventType<>("task-force.upserted.v1", TaskForceUpserted.class, Topics.DIRECTORY);
    public static final EventType<AgreementUpserted> AGREEMENT_UPSERTED =
            new EventType<>("agreement.upserted.v1", AgreementUpserted.class, Topics.DIRECTORY);
    public static final EventType<MemberUpserted> MEMBER_UPSERTED =
            new EventType<>("member.upserted.v1", MemberUpserted.class, Topics.DIRECTORY);

    public static final EventType<AccessRecorded> ACCESS_RECORDED =
            new EventType<>("audit.access-recorded.v1", AccessRecorded.class, Topics.AUDIT);

    public static final List<EventType<?>> ALL = List.of(
            LEAD_SUBMITTED,
            LEAD_TRIAGED,
            CASE_OPENED,
            CASE_LEAD_LINKED,
            CASE_PRIORITY_RAISED,
            CASE_ASSIGNED,
            CASE_UNASSIGNED,
            CASE_STATUS_CHANGED,
            CASE_NOTE_ADDED,
            CASE_OUTCOME_RECORDED,
            CASE_DECONFLICTION_HIT,
            CASE_OPERATION_CONFLICT,
            CASE_TRANSFER_PROPOSED,
            CASE_TRANSFER_DECIDED,
            CASE_TRANSFERRED,
            CASE_MERGED,
            CASE_ABSORBED,
            CASE_MERGE_PROPOSED,
            CASE_REVIEWED,
            CASE_REVIEW_DUE,
            CASE_PURGED,
            AGENCY_UPSERTED,
            TASK_FORCE_UPSERTED,
            AGREEMENT_UPSERTED,
            MEMBER_UPSERTED,
            ACCESS_RECORDED);

    private static final Map<String, EventType<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

    public static Optional<EventType<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private EventTypes() {}
}
