package taskforce.contracts.cases;

/**
 * A case event: what every case event's data carries, so that a consumer can route any case event (to the case's
 * and the task force's subscribers) without knowing its type, and the closed set of case event types.
 *
 * <p>Sealed, and exhaustive through {@link Visitor}: at the Java 17 language level pattern matching for
 * {@code switch} is only a preview, so the compiler's exhaustiveness comes from the visitor instead. Every case
 * event record must implement {@link #accept}, which names its own {@code Visitor} method; adding a record
 * therefore means adding a method to {@code Visitor}, and every place that handles case events (the case's
 * {@code evolve}, notification-service's headlines) stops compiling until it handles the new type.
 */
public sealed interface CaseEventData
        permits CaseOpened,
                CaseLeadLinked,
                CasePriorityRaised,
                CaseAssigned,
                CaseUnassigned,
                CaseStatusChanged,
                CaseNoteAdded,
                CaseOutcomeRecorded,
                DeconflictionHitFound,
                OperationConflictFound,
                CaseTransferProposed,
                CaseTransferDecided,
                CaseTransferred,
                CaseMerged,
                CaseAbsorbed,
                CaseMergeProposed,
                CaseReviewed,
                CaseReviewDue,
                CasePurged {

    String caseId();

    String caseNumber();

    String taskForceId();

    <R> R accept(Visitor<R> visitor);

    /** One method per case event type; see the type's comment for why this and not a switch. */
    interface Visitor<R> {

        R opened(CaseOpened event);

        R leadLinked(CaseLeadLinked event);

        R priorityRaised(CasePriorityRaised event);

        R assigned(CaseAssigned event);

        R unassigned(CaseUnassigned event);

        R statusChanged(CaseStatusChanged event);

        R noteAdded(CaseNoteAdded event);

        R outcomeRecorded(CaseOutcomeRecorded event);

        R deconflictionHitFound(DeconflictionHitFound event);

        R operationConflictFound(OperationConflictFound event);

        R transferProposed(CaseTransferProposed event);

        R transferDecided(CaseTransferDecided event);

        R transferred(CaseTransferred event);

        R merged(CaseMerged event);

        R absorbed(CaseAbsorbed event);

        R mergeProposed(CaseMergeProposed event);

        R reviewed(CaseReviewed event);

        R reviewDue(CaseReviewDue event);

        R purged(CasePurged event);
    }
}
