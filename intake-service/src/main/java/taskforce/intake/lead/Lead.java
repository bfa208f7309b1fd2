package taskforce.intake.lead;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Location;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.TriageOutcome;

/**
 * A lead as intake keeps it: what the agency submitted, and what triage made of it. {@code idempotencyKey} and
 * {@code requestHash} record which request created it, so that request can be told from a later duplicate.
 */
public record Lead(
        String id,
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
        LeadStatus status,
        Instant receivedAt,
        String caseId,
        String caseNumber,
        String reason,
        Instant triagedAt,
        Instant movedAt,
        String idempotencyKey,
        String requestHash) {

    public Lead {
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }

    /**
     * A lead just accepted. Times are cut to milliseconds, the precision they are stored with, so that the first
     * answer and every later read show the same instants.
     */
    public static Lead received(
            String id, LeadSubmissionRequest request, String idempotencyKey, String requestHash, Instant now) {
        return new Lead(
                id,
                request.agencyId(),
                request.submittedBy(),
                request.taskForceId(),
                request.agencyReference(),
                request.priority(),
                request.summary(),
                request.narrative(),
                request.occurredAt().truncatedTo(ChronoUnit.MILLIS),
                request.location() == null ? null : request.location().toLocation(),
                request.subjects() == null
                        ? List.of()
                        : request.subjects().stream()
                                .map(LeadSubmissionRequest.SubjectInput::toSubject)
                                .toList(),
                request.identifiers() == null
                        ? List.of()
                        : request.identifiers().stream()
                                .map(LeadSubmissionRequest.IdentifierInput::toIdentifier)
                                .toList(),
                LeadStatus.RECEIVED,
                now.truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null,
                null,
                null,
                idempotencyKey,
                requestHash);
    }

    /** Whether this lead was created by the request with this key and fingerprint (and not by an earlier one). */
    public boolean createdBy(String key, String hash) {
        return key.equals(idempotencyKey) && hash.equals(requestHash);
    }

    public LeadSubmitted submitted() {
        return new LeadSubmitted(
                id,
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
                receivedAt);
    }

    /**
     * The lead once triage reported its outcome, or empty when there is nothing to change: the same report again,
     * or one older than the report already applied (a later re-triage wins, an earlier one never overrides it), or
     * one not newer than the merge that moved the lead to its present case ({@link #movedTo}): a report naming the
     * merged case, redelivered or late, does not take the lead back there.
     */
    public Optional<Lead> afterTriage(
            TriageOutcome outcome, String caseId, String caseNumber, String reason, Instant triagedAt) {
        if (outcome == null) {
            throw new IllegalArgumentException("triage of lead " + id + " has no outcome");
        }
        if (outcome == TriageOutcome.LINKED && (caseId == null || caseId.isBlank())) {
            throw new IllegalArgumentException("lead " + id + " linked without a case id");
        }
        Instant at = triagedAt.truncatedTo(ChronoUnit.MILLIS);
        Instant known = caseKnownAt();
        if (status != LeadStatus.RECEIVED && (known == null || !at.isAfter(known))) {
            return Optional.empty();
        }
        boolean linked = outcome == TriageOutcome.LINKED;
        return Optional.of(withCase(
                linked ? LeadStatus.LINKED : LeadStatus.REJECTED,
                linked ? caseId : null,
                linked ? caseNumber : null,
                linked ? null : (reason == null || reason.isBlank() ? "no reason given" : reason),
                at,
                null));
    }

    /**
     * The lead once a merge moved it from {@code absorbedCaseId} into the surviving case ({@code case.absorbed.v1},
     * issue 15), or empty when there is nothing to change: the lead is in the survivor already, or what intake
     * knows of its case is newer than the merge (a re-triage after it, or a later merge that moved it on, heard
     * first). A lead triage has not reported yet is moved too: its case is the one the merge names, and the report
     * naming the merged case, when it comes, is older than the move and changes nothing. The triage decision's time
     * stays; {@code movedAt} says when the lead changed case.
     */
    public Optional<Lead> movedTo(String survivorCaseId, String survivorCaseNumber, Instant absorbedAt) {
        if (survivorCaseId == null || survivorCaseId.isBlank()) {
            throw new IllegalArgumentException("lead " + id + " moved to a case without an id");
        }
        Instant at = absorbedAt.truncatedTo(ChronoUnit.MILLIS);
        Instant known = caseKnownAt();
        if (survivorCaseId.equals(caseId) || (known != null && !at.isAfter(known))) {
            return Optional.empty();
        }
        return Optional.of(withCase(LeadStatus.LINKED, survivorCaseId, survivorCaseNumber, null, triagedAt, at));
    }

    /** This lead with what intake knows of its case replaced; what was submitted, and by which request, stays. */
    private Lead withCase(
            LeadStatus status, String caseId, String caseNumber, String reason, Instant triagedAt, Instant movedAt) {
        return new Lead(
                id,
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
                status,
                receivedAt,
                caseId,
                caseNumber,
                reason,
                triagedAt,
                movedAt,
                idempotencyKey,
                requestHash);
    }

    /** When intake last learned which case the lead belongs to: the triage report or the merge, whichever is later. */
    private Instant caseKnownAt() {
        if (movedAt == null) {
            return triagedAt;
        }
        return triagedAt == null || movedAt.isAfter(triagedAt) ? movedAt : triagedAt;
    }
}
