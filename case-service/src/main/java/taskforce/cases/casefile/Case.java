package taskforce.cases.casefile;

import static taskforce.cases.casefile.CaseRuleViolation.Kind.ALREADY_ASSIGNED;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.ILLEGAL_TRANSITION;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.INVALID;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.NOT_ASSIGNED;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.NOT_A_COORDINATOR;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.NOT_A_MEMBER;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.OTHER_TASK_FORCE;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import taskforce.contracts.cases.AssignmentRole;
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
import taskforce.contracts.cases.MovedNote;
import taskforce.contracts.cases.MovedOutcome;
import taskforce.contracts.cases.OperationConflictFound;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.cases.Seizure;
import taskforce.contracts.cases.TransferDecision;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;

/**
 * A case of a task force and the rules it lives by. Immutable: every command decides which events happen
 * ({@link Change}) and the next state is those events applied by {@link #evolve(CaseEventData)}, the one place
 * where a case changes, exhaustive over the sealed {@link CaseEventData}. The events are therefore exactly what
 * happened, and {@link #replay(List)} of a case's history rebuilds the stored case.
 */
public record Case(
        String id,
        String caseNumber,
        String taskForceId,
        String title,
        CaseStatus status,
        Priority priority,
        List<String> leadIds,
        List<Subject> subjects,
        List<CaseIdentifier> identifiers,
        List<Assignment> assignments,
        List<CaseNote> notes,
        int noteCount,
        List<CaseOutcome> outcomes,
        Instant openedAt,
        Instant updatedAt,
        Instant closedAt,
        List<String> formerCaseNumbers,
        PendingTransfer pendingTransfer,
        String mergedInto,
        List<String> absorbedCaseIds,
        List<String> mergeProposedWith,
        Instant nextReviewDueAt,
        Instant lastReviewedAt,
        Instant reviewRemindedFor,
        Instant reviewRemindedAt,
        Instant purgedAt,
        String purgedBy,
        PurgeCause purgeCause) {

    public static final int MAX_NOTE_LENGTH = 10_000;

    /**
     * How many of the latest notes the case itself holds. Every note is stored once in full, in its
     * {@code case.note-added} event of the case's history; the case keeps only this many and their count, so that a
     * case with thousands of notes does not grow its document toward MongoDB's 16 MB limit.
     */
    public static final int NOTES_KEPT = 20;

    /** Bounds of an outcome, so that no single record can outweigh a program's real figures in the results. */
    public static final int MAX_OUTCOME_COUNT = 10_000;

    public static final BigDecimal MAX_SEIZURE_QUANTITY = new BigDecimal("1000000000");

    /** How long a case is kept from its opening or its last validation until it must be reviewed (28 CFR 23). */
    public static final Duration DEFAULT_REVIEW_PERIOD = Duration.ofDays(1825);

    /** How far ahead of this service's clock an outcome's {@code occurredAt} may be, for a client's clock. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public Case {
        leadIds = copy(leadIds);
        subjects = copy(subjects);
        identifiers = copy(identifiers);
        assignments = copy(assignments);
        notes = copy(notes);
        outcomes = copy(outcomes);
        formerCaseNumbers = copy(formerCaseNumbers);
        absorbedCaseIds = copy(absorbedCaseIds);
        mergeProposedWith = copy(mergeProposedWith);
    }

    /** The next state and the events a command caused; no events means nothing changed. */
    public record Change(Case next, List<CaseEventData> events) {

        public boolean changed() {
            return !events.isEmpty();
        }
    }

    // ---- triage

    /** Opens a case for a lead that matched no open case of its task force. */
    public static Change open(
            String caseId, String caseNumber, LeadSubmitted lead, List<CaseIdentifier> identifiers, Instant now) {
        List<CaseIdentifier> distinct = mergeIdentifiers(List.of(), identifiers);
        CaseOpened opened = new CaseOpened(
                caseId,
                caseNumber,
                lead.taskForceId(),
                titleOf(lead),
                lead.priority() == null ? Priority.ROUTINE : lead.priority(),
                lead.leadId(),
                lead.agencyId(),
                lead.subjects() == null ? List.of() : lead.subjects(),
                distinct.stream().map(CaseIdentifier::asWritten).toList(),
                stamp(now),
                distinct.stream().map(CaseIdentifier::asEvent).toList());
        return new Change(born(opened), List.of(opened));
    }

    /** Links a lead that shares identifiers with this case; see the next method. */
    public Change linkLead(LeadSubmitted lead, List<CaseIdentifier> leadIdentifiers, Instant now) {
        return linkLead(lead, leadIdentifiers, List.of(), now);
    }

    /**
     * Links a lead that shares identifiers or people with this case ({@code matchedPeople} says which people and
     * why, one reason each). The lead's identifiers and subjects the case did not have yet join it; a lead already
     * linked changes nothing.
     */
    public Change linkLead(
            LeadSubmitted lead, List<CaseIdentifier> leadIdentifiers, List<String> matchedPeople, Instant now) {
        if (leadIds.contains(lead.leadId())) {
            return new Change(this, List.of());
        }
        requireNotMerged();
        List<Identifier> matched = leadIdentifiers.stream()
                .filter(candidate -> identifiers.stream().anyMatch(candidate::sameAs))
                .map(CaseIdentifier::asWritten)
                .toList();
        List<CaseIdentifier> merged = mergeIdentifiers(identifiers, leadIdentifiers);
        List<Subject> withSubjects = mergeSubjects(subjects, lead.subjects() == null ? List.of() : lead.subjects());
        List<CaseEventData> events = new ArrayList<>();
        events.add(new CaseLeadLinked(
                id,
                caseNumber,
                taskForceId,
                lead.leadId(),
                lead.agencyId(),
                matched,
                stamp(now),
                matchedPeople,
                withSubjects.subList(subjects.size(), withSubjects.size()),
                merged.subList(identifiers.size(), merged.size()).stream()
                        .map(CaseIdentifier::asEvent)
                        .toList()));
        if (lead.priority() != null && lead.priority().compareTo(priority) > 0) {
            events.add(new CasePriorityRaised(
                    id, caseNumber, taskForceId, priority, lead.priority(), lead.leadId(), stamp(now)));
        }
        return apply(events);
    }

    // ---- assignment

    public Change assign(String memberId, AssignmentRole role, String assignedBy, Roster roster, Instant now) {
        requireNotMerged();
        requireCoordinator(assignedBy, roster, "assign members");
        if (role == null) {
            throw new CaseRuleViolation(INVALID, "role", "role must be one of LEAD, SUPPORT");
        }
        if (memberId == null || !roster.isMember(memberId)) {
            throw new CaseRuleViolation(
                    NOT_A_MEMBER, "memberId", "member " + memberId + " is not a member of task force " + taskForceId);
        }
        if (status == CaseStatus.CLOSED) {
            throw new CaseRuleViolation(ILLEGAL_TRANSITION, "status", "case " + caseNumber + " is closed");
        }
        if (assignee(memberId)) {
            throw new CaseRuleViolation(
                    ALREADY_ASSIGNED, "memberId", "member " + memberId + " is already assigned to case " + caseNumber);
        }
        List<CaseEventData> events = new ArrayList<>();
        events.add(new CaseAssigned(id, caseNumber, taskForceId, memberId, role, assignedBy, stamp(now)));
        if (status == CaseStatus.OPEN) {
            events.add(new CaseStatusChanged(
                    id,
                    caseNumber,
                    taskForceId,
                    CaseStatus.OPEN,
                    CaseStatus.ASSIGNED,
                    "first assignment",
                    assignedBy,
                    stamp(now)));
        }
        return apply(events);
    }

    public Change unassign(String memberId, String unassignedBy, Roster roster, Instant now) {
        requireNotMerged();
        requireCoordinator(unassignedBy, roster, "unassign members");
        if (!assignee(memberId)) {
            throw new CaseRuleViolation(
                    NOT_ASSIGNED, "memberId", "member " + memberId + " is not assigned to case " + caseNumber);
        }
        return apply(List.of(new CaseUnassigned(id, caseNumber, taskForceId, memberId, unassignedBy, stamp(now))));
    }

    public boolean assignee(String memberId) {
        return assignments.stream().anyMatch(a -> a.memberId().equals(memberId));
    }

    // ---- lifecycle

    public Change changeStatus(CaseStatus to, String reason, String changedBy, Roster roster, Instant now) {
        requireNotMerged();
        requireCoordinator(changedBy, roster, "change the status of a case");
        if (to == null) {
            throw new CaseRuleViolation(
                    INVALID, "status", "status must be one of OPEN, ASSIGNED, ACTIVE, SUSPENDED, CLOSED");
        }
        if (!Lifecycle.allows(status, to)) {
            throw new CaseRuleViolation(
                    ILLEGAL_TRANSITION,
                    "status",
                    "case " + caseNumber + " cannot move from " + status + " to " + to + "; legal next: "
                            + Lifecycle.legalNext(status).stream().sorted().toList(),
                    Lifecycle.legalNext(status));
        }
        if (to == CaseStatus.CLOSED && (reason == null || reason.isBlank())) {
            throw new CaseRuleViolation(INVALID, "reason", "closing a case needs a reason");
        }
        return apply(
                List.of(new CaseStatusChanged(id, caseNumber, taskForceId, status, to, reason, changedBy, stamp(now))));
    }

    // ---- notes and outcomes

    public Change addNote(String noteId, String text, String author, Roster roster, Instant now) {
        requireNotMerged();
        if (text == null || text.isBlank()) {
            throw new CaseRuleViolation(INVALID, "text", "text must not be blank");
        }
        if (text.length() > MAX_NOTE_LENGTH) {
            throw new CaseRuleViolation(INVALID, "text", "text must be at most " + MAX_NOTE_LENGTH + " characters");
        }
        requireMember(author, roster, "author");
        return apply(List.of(new CaseNoteAdded(id, caseNumber, taskForceId, noteId, text, author, stamp(now))));
    }

    public Change recordOutcome(
            String outcomeId,
            OutcomeType type,
            Integer count,
            Seizure seizure,
            String agencyId,
            Instant occurredAt,
            String recordedBy,
            Roster roster,
            Instant now) {
        requireNotMerged();
        if (type == null) {
            throw new CaseRuleViolation(
                    INVALID,
                    "type",
                    "type must be one of ARREST, SEIZURE, VICTIM_IDENTIFIED, " + "INDICTMENT, CONVICTION, REMOVAL");
        }
        int counted = count == null ? 1 : count;
        if (counted < 1 || counted > MAX_OUTCOME_COUNT) {
            throw new CaseRuleViolation(INVALID, "count", "count must be between 1 and " + MAX_OUTCOME_COUNT);
        }
        if (type == OutcomeType.SEIZURE) {
            if (seizure == null) {
                throw new CaseRuleViolation(INVALID, "seizure", "a SEIZURE needs seizure {category, quantity, unit}");
            }
            if (seizure.category() == null) {
                throw new CaseRuleViolation(INVALID, "seizure.category", "seizure.category is required");
            }
            if (seizure.quantity() == null
                    || seizure.quantity().compareTo(BigDecimal.ZERO) <= 0
                    || seizure.quantity().compareTo(MAX_SEIZURE_QUANTITY) > 0) {
                throw new CaseRuleViolation(
                        INVALID,
                        "seizure.quantity",
                        "seizure.quantity must be greater than 0 and at most " + MAX_SEIZURE_QUANTITY.toPlainString());
            }
            if (seizure.unit() == null) {
                throw new CaseRuleViolation(INVALID, "seizure.unit", "seizure.unit is required");
            }
        } else if (seizure != null) {
            throw new CaseRuleViolation(INVALID, "seizure", "only a SEIZURE outcome carries seizure");
        }
        Instant occurred = occurredAt == null ? now : occurredAt;
        if (occurred.isAfter(now.plus(CLOCK_SKEW))) {
            throw new CaseRuleViolation(INVALID, "occurredAt", "occurredAt must not be in the future");
        }
        if (occurred.isBefore(openedAt)) {
            throw new CaseRuleViolation(
                    INVALID, "occurredAt", "occurredAt must not be before the case was opened (" + openedAt + ")");
        }
        requireMember(recordedBy, roster, "recordedBy");
        LocalDate day = LocalDate.ofInstant(occurred, ZoneOffset.UTC);
        if (agencyId == null || !roster.takesPart(agencyId, day)) {
            throw new CaseRuleViolation(
                    NOT_A_MEMBER,
                    "agencyId",
                    "agency " + agencyId + " had no ACTIVE agreement with task force " + taskForceId + " on " + day);
        }
        return apply(List.of(new CaseOutcomeRecorded(
                id,
                caseNumber,
                taskForceId,
                outcomeId,
                type,
                counted,
                seizure,
                agencyId,
                stamp(occurred),
                recordedBy,
                stamp(now))));
    }

    // ---- transfer to another task force

    /** The case's coordinator proposes to hand the case to another task force; nothing moves until it accepts. */
    public Change proposeTransfer(
            String transferId, String toTaskForceId, String reason, String proposedBy, Roster roster, Instant now) {
        requireNotMerged();
        requireCoordinator(proposedBy, roster, "transfer a case");
        if (toTaskForceId == null || toTaskForceId.isBlank()) {
            throw new CaseRuleViolation(INVALID, "toTaskForceId", "toTaskForceId is required");
        }
        if (toTaskForceId.equals(taskForceId)) {
            throw new CaseRuleViolation(
                    INVALID, "toTaskForceId", "case " + caseNumber + " belongs to task force " + toTaskForceId);
        }
        requireReason(reason, "a transfer");
        if (status == CaseStatus.CLOSED) {
            throw new CaseRuleViolation(ILLEGAL_TRANSITION, "status", "case " + caseNumber + " is closed");
        }
        if (pendingTransfer != null) {
            throw new CaseRuleViolation(
                    ILLEGAL_TRANSITION,
                    "toTaskForceId",
                    "case " + caseNumber + " has a transfer to " + pendingTransfer.toTaskForceId()
                            + " waiting for a decision");
        }
        return apply(List.of(new CaseTransferProposed(
                id, caseNumber, taskForceId, transferId, toTaskForceId, reason, proposedBy, stamp(now))));
    }

    /**
     * A coordinator of the receiving task force accepts: the case takes the receiving task force and a number of its
     * series, and the assignments of members who are not in the receiving task force end, each by its own
     * {@code case.unassigned} so that every consumer of assignments learns it the usual way.
     */
    public Change acceptTransfer(
            String transferId, String newCaseNumber, String decidedBy, Roster receiving, Instant now) {
        PendingTransfer pending = requirePending(transferId);
        if (decidedBy == null || !receiving.isCoordinator(decidedBy)) {
            throw new CaseRuleViolation(
                    NOT_A_COORDINATOR,
                    null,
                    "only a coordinator of task force " + pending.toTaskForceId() + " may accept the transfer; "
                            + decidedBy + " is not one");
        }
        List<CaseEventData> events = new ArrayList<>();
        events.add(decided(pending, TransferDecision.ACCEPTED, null, decidedBy, now));
        for (Assignment assignment : assignments) {
            if (!receiving.isMember(assignment.memberId())) {
                events.add(
                        new CaseUnassigned(id, caseNumber, taskForceId, assignment.memberId(), decidedBy, stamp(now)));
            }
        }
        events.add(new CaseTransferred(
                id,
                newCaseNumber,
                pending.toTaskForceId(),
                transferId,
                caseNumber,
                taskForceId,
                decidedBy,
                stamp(now)));
        return apply(events);
    }

    /** A coordinator of the receiving task force declines, saying why; the case stays where it is. */
    public Change declineTransfer(String transferId, String reason, String decidedBy, Roster receiving, Instant now) {
        PendingTransfer pending = requirePending(transferId);
        if (decidedBy == null || !receiving.isCoordinator(decidedBy)) {
            throw new CaseRuleViolation(
                    NOT_A_COORDINATOR,
                    null,
                    "only a coordinator of task force " + pending.toTaskForceId() + " may decline the transfer; "
                            + decidedBy + " is not one");
        }
        requireReason(reason, "declining a transfer");
        return apply(List.of(decided(pending, TransferDecision.DECLINED, reason, decidedBy, now)));
    }

    /** The proposer takes the proposal back before the receiving side decides. */
    public Change withdrawTransfer(String transferId, String reason, String withdrawnBy, Instant now) {
        PendingTransfer pending = requirePending(transferId);
        if (!pending.proposedBy().equals(withdrawnBy)) {
            throw new CaseRuleViolation(
                    NOT_A_COORDINATOR,
                    null,
                    "only " + pending.proposedBy() + ", who proposed the transfer, may withdraw it");
        }
        return apply(List.of(decided(pending, TransferDecision.WITHDRAWN, reason, withdrawnBy, now)));
    }

    /** Whether the number is the case's, now or before a transfer: an old number still finds the case. */
    public boolean knownAs(String number) {
        return caseNumber.equals(number) || formerCaseNumbers.contains(number);
    }

    private CaseTransferDecided decided(
            PendingTransfer pending, TransferDecision decision, String reason, String decidedBy, Instant now) {
        return new CaseTransferDecided(
                id,
                caseNumber,
                taskForceId,
                pending.transferId(),
                pending.toTaskForceId(),
                decision,
                reason,
                decidedBy,
                stamp(now));
    }

    private PendingTransfer requirePending(String transferId) {
        if (pendingTransfer == null || !pendingTransfer.transferId().equals(transferId)) {
            throw new CaseRuleViolation(
                    ILLEGAL_TRANSITION,
                    null,
                    "transfer " + transferId + " of case " + caseNumber + " is not waiting for a decision");
        }
        return pendingTransfer;
    }

    private static void requireReason(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw new CaseRuleViolation(INVALID, "reason", what + " needs a reason");
        }
    }

    // ---- merging two cases of one task force

    /**
     * The surviving side of a merge: this case takes in {@code merged} (its leads, the subjects and identifiers it
     * lacks, every note and outcome, and its assignments, each by a {@code case.assigned}). Decided before the other
     * case is marked merged. It takes in only what it does not hold yet (leads, outcomes and notes by id), so that a
     * merge retried after a crash between the two writes changes nothing here, and one whose case gained a note or
     * an outcome in between takes in just that.
     *
     * <p>{@code mergedNotes} are the notes of the merged case this case does not hold, oldest first, as the merged
     * case's history holds them: a case itself keeps only its latest {@link #NOTES_KEPT}.
     */
    public Change absorb(
            Case merged, List<CaseNote> mergedNotes, String reason, String absorbedBy, Roster roster, Instant now) {
        boolean absorbedBefore = absorbedCaseIds.contains(merged.id);
        if (absorbedBefore && id.equals(merged.mergedInto)) {
            return new Change(this, List.of());
        }
        requireMergeable(merged, this, reason, absorbedBy, roster);
        List<String> newLeads =
                merged.leadIds.stream().filter(lead -> !leadIds.contains(lead)).toList();
        List<MovedOutcome> newOutcomes = merged.outcomes.stream()
                .filter(outcome ->
                        outcomes.stream().noneMatch(held -> held.outcomeId().equals(outcome.outcomeId())))
                .map(CaseOutcome::moved)
                .toList();
        // the caller passes the notes the survivor lacks; those among the notes it keeps are passed over anyway
        List<CaseNote> newNotes = mergedNotes.stream()
                .filter(note -> notes.stream().noneMatch(held -> held.noteId().equals(note.noteId())))
                .toList();
        List<CaseIdentifier> withIdentifiers = mergeIdentifiers(identifiers, merged.identifiers);
        List<Subject> withSubjects = mergeSubjects(subjects, merged.subjects);
        List<CaseEventData> events = new ArrayList<>();
        events.add(new CaseAbsorbed(
                id,
                caseNumber,
                taskForceId,
                merged.id,
                merged.caseNumber,
                reason,
                absorbedBy,
                stamp(now),
                newLeads,
                withSubjects.subList(subjects.size(), withSubjects.size()),
                withIdentifiers.subList(identifiers.size(), withIdentifiers.size()).stream()
                        .map(CaseIdentifier::asEvent)
                        .toList(),
                newNotes.stream()
                        .map(note -> new MovedNote(note.noteId(), note.text(), note.author(), note.addedAt()))
                        .toList(),
                newOutcomes));
        List<Assignment> moving = merged.assignments.stream()
                .filter(assignment -> !assignee(assignment.memberId()))
                .toList();
        boolean nothingNew = newLeads.isEmpty()
                && newOutcomes.isEmpty()
                && newNotes.isEmpty()
                && moving.isEmpty()
                && withSubjects.size() == subjects.size()
                && withIdentifiers.size() == identifiers.size();
        if (absorbedBefore && nothingNew) {
            return new Change(this, List.of());
        }
        for (Assignment assignment : moving) {
            events.add(new CaseAssigned(
                    id, caseNumber, taskForceId, assignment.memberId(), assignment.role(), absorbedBy, stamp(now)));
        }
        if (status == CaseStatus.OPEN && !moving.isEmpty()) {
            events.add(new CaseStatusChanged(
                    id,
                    caseNumber,
                    taskForceId,
                    CaseStatus.OPEN,
                    CaseStatus.ASSIGNED,
                    "assignments moved from merged case " + merged.caseNumber,
                    absorbedBy,
                    stamp(now)));
        }
        return apply(events);
    }

    /**
     * The merged side: once {@code survivor} has absorbed this case, this case becomes MERGED, pointing at it, and
     * read only; its assignments end (each by a {@code case.unassigned}) since they carry on at the survivor. Merging
     * again into the same survivor changes nothing.
     */
    public Change mergeInto(Case survivor, String reason, String mergedBy, Roster roster, Instant now) {
        if (status == CaseStatus.MERGED && survivor.id.equals(mergedInto)) {
            return new Change(this, List.of());
        }
        requireMergeable(this, survivor, reason, mergedBy, roster);
        if (!survivor.absorbedCaseIds.contains(id)) {
            // the order of the two writes is what makes a retry safe; never mark a case merged that nothing holds
            throw new IllegalStateException("case " + survivor.caseNumber + " has not absorbed " + caseNumber);
        }
        List<CaseEventData> events = new ArrayList<>();
        for (Assignment assignment : assignments) {
            events.add(new CaseUnassigned(id, caseNumber, taskForceId, assignment.memberId(), mergedBy, stamp(now)));
        }
        events.add(new CaseMerged(
                id, caseNumber, taskForceId, survivor.id, survivor.caseNumber, reason, mergedBy, stamp(now)));
        return apply(events);
    }

    /**
     * What both sides of a merge must satisfy: a coordinator of the task force, two different open cases of that
     * task force, neither waiting on a transfer, and a reason.
     */
    private static void requireMergeable(Case merged, Case survivor, String reason, String by, Roster roster) {
        merged.requireCoordinator(by, roster, "merge cases");
        if (merged.id.equals(survivor.id)) {
            throw new CaseRuleViolation(
                    INVALID, "intoCaseId", "case " + merged.caseNumber + " cannot be merged into itself");
        }
        if (!merged.taskForceId.equals(survivor.taskForceId)) {
            throw new CaseRuleViolation(
                    OTHER_TASK_FORCE,
                    "intoCaseId",
                    "case " + survivor.caseNumber
                            + " belongs to another task force; only cases of one task force merge");
        }
        requireReason(reason, "a merge");
        for (Case side : List.of(merged, survivor)) {
            side.requireNotPurged();
            if (side.status == CaseStatus.CLOSED || side.status == CaseStatus.MERGED) {
                throw new CaseRuleViolation(
                        ILLEGAL_TRANSITION,
                        side == survivor ? "intoCaseId" : "status",
                        "case " + side.caseNumber + " is " + side.status.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (side.pendingTransfer != null) {
                throw new CaseRuleViolation(
                        ILLEGAL_TRANSITION,
                        side == survivor ? "intoCaseId" : "status",
                        "case " + side.caseNumber + " has a transfer waiting for a decision");
            }
        }
    }

    /**
     * Triage found a lead that matches this case and {@code otherCaseId}, another open case of the task force: the
     * coordinator is told which and why, and decides. Proposed once per other case; never for a case this one has
     * absorbed, nor by a merged case.
     */
    public Change proposeMerge(String otherCaseId, String otherCaseNumber, String leadId, String reason, Instant now) {
        if (otherCaseId.equals(id)
                || purged()
                || mergeProposedWith.contains(otherCaseId)
                || absorbedCaseIds.contains(otherCaseId)
                || status == CaseStatus.MERGED) {
            return new Change(this, List.of());
        }
        return apply(List.of(new CaseMergeProposed(
                id, caseNumber, taskForceId, otherCaseId, otherCaseNumber, leadId, reason, stamp(now))));
    }

    /**
     * The case once another case it proposed a merge with was purged (issue 15): the purged case's id in {@link
     * #mergeProposedWith} becomes {@code marker}, as the erasure rewrites the {@code case.merge-proposed} entries of
     * this case's history that named it, so that a replay of the history still rebuilds this case. Not an event:
     * nothing happened to this case, and {@code updatedAt} stays as it was.
     */
    public Case redactingPurged(String purgedCaseId, String marker) {
        if (!mergeProposedWith.contains(purgedCaseId)) {
            return this;
        }
        Draft next = new Draft(this, updatedAt);
        next.mergeProposedWith = mergeProposedWith.stream()
                .map(other -> other.equals(purgedCaseId) ? marker : other)
                .toList();
        return next.build();
    }

    /** A merged case has handed everything on to {@link #mergedInto}: no command changes it again. */
    private void requireNotMerged() {
        requireNotPurged();
        if (status == CaseStatus.MERGED) {
            throw new CaseRuleViolation(
                    ILLEGAL_TRANSITION,
                    "status",
                    "case " + caseNumber + " was merged into case " + mergedInto + " and is read only");
        }
    }

    // ---- review and purge (issue 15)

    /**
     * When the case must be reviewed: a period after its last validation, or after its opening if it was never
     * validated (a case stored before reviews existed too). The period is the service's configuration, so a case
     * never validated follows a changed period at once, and a case rebuilt from its events has the same date.
     */
    public Instant reviewDueAt(Duration period) {
        return nextReviewDueAt != null ? nextReviewDueAt : stamp(openedAt.plus(period));
    }

    public boolean purged() {
        return purgedAt != null;
    }

    /**
     * A coordinator of the case's task force validates the case: its content is still needed, and it is kept until
     * the next review, a period from now. A merged case is not validated: it lives on in its survivor, which is.
     */
    public Change validate(String reason, String reviewedBy, Roster roster, Duration period, Instant now) {
        requireReviewable(reason, reviewedBy, roster, "validate");
        return apply(List.of(new CaseReviewed(
                id,
                caseNumber,
                taskForceId,
                reason,
                reviewedBy,
                stamp(now),
                stamp(stamp(now).plus(period)))));
    }

    /**
     * A coordinator of the case's task force decides the case is to be purged. The event carries ids only (the
     * leads whose content the intake erases), never the reason or any content. A merged case is refused: its
     * content lives on in its survivor (leads included), so purging it alone would erase nothing of what it held
     * and would have the intake erase leads the survivor still holds; purging the survivor purges it with it.
     */
    public Change purge(String reason, String decidedBy, Roster roster, Instant now) {
        requireReviewable(reason, decidedBy, roster, "purge");
        return apply(List.of(purgedEvent(PurgeCause.REVIEW_DECISION, decidedBy, now)));
    }

    /**
     * A case merged into {@code survivorId} goes when its survivor is purged, for the same cause and by the same
     * decision; purging it again changes nothing.
     */
    public Change purgeWithSurvivor(String survivorId, PurgeCause cause, String decidedBy, Instant now) {
        if (purged()) {
            return new Change(this, List.of());
        }
        if (status != CaseStatus.MERGED || !survivorId.equals(mergedInto)) {
            throw new IllegalStateException("case " + caseNumber + " was not merged into " + survivorId);
        }
        return apply(List.of(purgedEvent(cause, decidedBy, now)));
    }

    /**
     * Nobody reviewed the case within {@code grace} after it fell due: it is purged, decided by nobody. Only after
     * the coordinators were reminded of this due date, and the grace is counted from the reminder when that came
     * after the due date: a case whose date passed before anyone could be told (one stored before reviews existed,
     * or a period shortened by configuration) is not purged unannounced, but reminded of first. A merged case never
     * lapses on its own (it goes with its survivor); a case purged already, or not yet lapsed, does not change.
     */
    public Change lapse(Duration period, Duration grace, Instant now) {
        Instant due = reviewDueAt(period);
        if (purged()
                || status == CaseStatus.MERGED
                || !due.equals(reviewRemindedFor)
                || reviewRemindedAt == null
                || now.isBefore((reviewRemindedAt.isAfter(due) ? reviewRemindedAt : due).plus(grace))) {
            return new Change(this, List.of());
        }
        return apply(List.of(purgedEvent(PurgeCause.REVIEW_LAPSED, null, now)));
    }

    /**
     * The review falls due within {@code lead} of now: the coordinators are reminded, once per due date (a
     * validation sets a new one, which is reminded of in its turn). Nothing for a merged or purged case.
     */
    public Change remind(Duration period, Duration lead, Instant now) {
        Instant due = reviewDueAt(period);
        if (purged() || status == CaseStatus.MERGED || due.equals(reviewRemindedFor) || now.isBefore(due.minus(lead))) {
            return new Change(this, List.of());
        }
        return apply(List.of(new CaseReviewDue(id, caseNumber, taskForceId, due, stamp(now))));
    }

    private CasePurged purgedEvent(PurgeCause cause, String decidedBy, Instant now) {
        return new CasePurged(id, caseNumber, taskForceId, leadIds, cause, decidedBy, stamp(now));
    }

    private void requireReviewable(String reason, String by, Roster roster, String what) {
        requireNotPurged();
        requireCoordinator(by, roster, what + " a case on review");
        requireReason(reason, "a review");
        if (reason.length() > Reason.MAX_LENGTH) {
            throw new CaseRuleViolation(
                    INVALID, "reason", "reason must be at most " + Reason.MAX_LENGTH + " characters");
        }
        if (status == CaseStatus.MERGED) {
            throw new CaseRuleViolation(
                    ILLEGAL_TRANSITION,
                    "decision",
                    "case " + caseNumber + " was merged into case " + mergedInto
                            + " and lives on there; review that case, whose purge takes this one with it");
        }
    }

    /** A purged case is only a tombstone: no command applies to it. */
    private void requireNotPurged() {
        if (purged()) {
            throw new CaseRuleViolation(ILLEGAL_TRANSITION, "status", "case " + caseNumber + " was purged");
        }
    }

    // ---- state from events

    /** Rebuilds a case from its events, oldest first: the very case that was stored after the last of them. */
    public static Case replay(List<? extends CaseEventData> events) {
        if (events.isEmpty() || !(events.get(0) instanceof CaseOpened opened)) {
            throw new IllegalArgumentException("a case starts with case.opened");
        }
        Case state = born(opened);
        for (CaseEventData event : events.subList(1, events.size())) {
            state = state.evolve(event);
        }
        return state;
    }

    /** This case after one of its events. */
    public Case evolve(CaseEventData event) {
        if (!id.equals(event.caseId())) {
            throw new IllegalArgumentException(
                    event.getClass().getSimpleName() + " of case " + event.caseId() + " does not apply to case " + id);
        }
        return event.accept(new Evolution(this));
    }

    private static Case born(CaseOpened opened) {
        return new Case(
                opened.caseId(),
                opened.caseNumber(),
                opened.taskForceId(),
                opened.title(),
                CaseStatus.OPEN,
                opened.priority(),
                List.of(opened.leadId()),
                mergeSubjects(List.of(), opened.subjects() == null ? List.of() : opened.subjects()),
                mergeIdentifiers(List.of(), identifiersOf(opened)),
                List.of(),
                List.of(),
                0,
                List.of(),
                opened.openedAt(),
                opened.openedAt(),
                null,
                List.of(),
                null,
                null,
                List.of(),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The identifiers an opening named; an opening written before it carried their canonical form keeps the
     * written value as the only form it has.
     */
    private static List<CaseIdentifier> identifiersOf(CaseOpened opened) {
        if (opened.normalizedIdentifiers() != null) {
            return opened.normalizedIdentifiers().stream()
                    .map(CaseIdentifier::of)
                    .toList();
        }
        return opened.identifiers() == null
                ? List.of()
                : opened.identifiers().stream()
                        .map(i -> new CaseIdentifier(i.type(), i.value(), i.value()))
                        .toList();
    }

    /** How each kind of event changes a case: the only code that makes a changed case. */
    private record Evolution(Case before) implements CaseEventData.Visitor<Case> {

        @Override
        public Case opened(CaseOpened event) {
            throw new IllegalArgumentException("case " + before.id + " is open already");
        }

        @Override
        public Case leadLinked(CaseLeadLinked e) {
            Draft next = new Draft(before, e.linkedAt());
            next.leadIds = plus(before.leadIds, e.leadId());
            next.subjects = mergeSubjects(before.subjects, orEmpty(e.addedSubjects()));
            next.identifiers = mergeIdentifiers(
                    before.identifiers,
                    orEmpty(e.addedIdentifiers()).stream()
                            .map(CaseIdentifier::of)
                            .toList());
            return next.build();
        }

        @Override
        public Case priorityRaised(CasePriorityRaised e) {
            Draft next = new Draft(before, e.raisedAt());
            next.priority = e.to();
            return next.build();
        }

        @Override
        public Case assigned(CaseAssigned e) {
            Draft next = new Draft(before, e.assignedAt());
            next.assignments =
                    plus(before.assignments, new Assignment(e.memberId(), e.role(), e.assignedAt(), e.assignedBy()));
            return next.build();
        }

        @Override
        public Case unassigned(CaseUnassigned e) {
            Draft next = new Draft(before, e.unassignedAt());
            next.assignments = before.assignments.stream()
                    .filter(a -> !a.memberId().equals(e.memberId()))
                    .toList();
            return next.build();
        }

        @Override
        public Case statusChanged(CaseStatusChanged e) {
            Draft next = new Draft(before, e.changedAt());
            next.status = e.to();
            if (e.to() == CaseStatus.CLOSED) {
                // kept so that the results report can count cases closed in a period from the document alone
                next.closedAt = e.changedAt();
            }
            return next.build();
        }

        @Override
        public Case noteAdded(CaseNoteAdded e) {
            Draft next = new Draft(before, e.addedAt());
            List<CaseNote> notes = plus(before.notes, new CaseNote(e.noteId(), e.text(), e.author(), e.addedAt()));
            next.notes = notes.subList(Math.max(0, notes.size() - NOTES_KEPT), notes.size());
            next.noteCount = before.noteCount + 1;
            return next.build();
        }

        @Override
        public Case outcomeRecorded(CaseOutcomeRecorded e) {
            Draft next = new Draft(before, e.recordedAt());
            next.outcomes = plus(
                    before.outcomes,
                    new CaseOutcome(
                            e.outcomeId(),
                            e.type(),
                            e.count(),
                            e.seizure(),
                            e.agencyId(),
                            e.occurredAt(),
                            e.recordedBy(),
                            e.recordedAt()));
            return next.build();
        }

        /** A hit is kept apart from the case (in the hit, seen by both sides); the case itself is unchanged. */
        @Override
        public Case deconflictionHitFound(DeconflictionHitFound e) {
            return before;
        }

        /** Likewise kept with the operations, not in the case. */
        @Override
        public Case operationConflictFound(OperationConflictFound e) {
            return before;
        }

        @Override
        public Case transferProposed(CaseTransferProposed e) {
            Draft next = new Draft(before, e.proposedAt());
            next.pendingTransfer =
                    new PendingTransfer(e.transferId(), e.toTaskForceId(), e.reason(), e.proposedBy(), e.proposedAt());
            return next.build();
        }

        @Override
        public Case transferDecided(CaseTransferDecided e) {
            Draft next = new Draft(before, e.decidedAt());
            next.pendingTransfer = null;
            return next.build();
        }

        /** What the merged case held joins this one; the notes kept are the newest of both. */
        @Override
        public Case absorbed(CaseAbsorbed e) {
            Draft next = new Draft(before, e.absorbedAt());
            List<String> leads = new ArrayList<>(before.leadIds);
            orEmpty(e.leadIds()).stream().filter(lead -> !leads.contains(lead)).forEach(leads::add);
            next.leadIds = leads;
            next.subjects = mergeSubjects(before.subjects, orEmpty(e.addedSubjects()));
            next.identifiers = mergeIdentifiers(
                    before.identifiers,
                    orEmpty(e.addedIdentifiers()).stream()
                            .map(CaseIdentifier::of)
                            .toList());
            List<CaseNote> notes = new ArrayList<>(before.notes);
            orEmpty(e.notes())
                    .forEach(
                            note -> notes.add(new CaseNote(note.noteId(), note.text(), note.author(), note.addedAt())));
            // stable: notes written at the same millisecond keep the order they were written in
            notes.sort(Comparator.comparing(CaseNote::addedAt));
            next.notes = List.copyOf(notes.subList(Math.max(0, notes.size() - NOTES_KEPT), notes.size()));
            next.noteCount = before.noteCount + orEmpty(e.notes()).size();
            List<CaseOutcome> outcomes = new ArrayList<>(before.outcomes);
            orEmpty(e.outcomes()).forEach(outcome -> outcomes.add(CaseOutcome.of(outcome)));
            next.outcomes = outcomes;
            // a case that gained something between the two writes of a merge is absorbed a second time
            next.absorbedCaseIds = before.absorbedCaseIds.contains(e.absorbedCaseId())
                    ? before.absorbedCaseIds
                    : plus(before.absorbedCaseIds, e.absorbedCaseId());
            return next.build();
        }

        /**
         * Read only from here on. The outcomes went to the survivor, so that figures summed over stored cases count
         * each once; leads, subjects, identifiers and notes stay readable here as they were.
         */
        @Override
        public Case merged(CaseMerged e) {
            Draft next = new Draft(before, e.mergedAt());
            next.status = CaseStatus.MERGED;
            next.mergedInto = e.mergedIntoCaseId();
            next.outcomes = List.of();
            return next.build();
        }

        /** Remembered so that the next lead matching both cases does not propose it again. */
        @Override
        public Case mergeProposed(CaseMergeProposed e) {
            Draft next = new Draft(before, e.proposedAt());
            next.mergeProposedWith = plus(before.mergeProposedWith, e.otherCaseId());
            return next.build();
        }

        @Override
        public Case transferred(CaseTransferred e) {
            Draft next = new Draft(before, e.transferredAt());
            next.caseNumber = e.caseNumber();
            next.taskForceId = e.taskForceId();
            next.formerCaseNumbers = plus(before.formerCaseNumbers, e.previousCaseNumber());
            next.pendingTransfer = null;
            return next.build();
        }

        /** Validated: kept until the next review, counted from now. */
        @Override
        public Case reviewed(CaseReviewed e) {
            Draft next = new Draft(before, e.reviewedAt());
            next.lastReviewedAt = e.reviewedAt();
            next.nextReviewDueAt = e.nextReviewDueAt();
            return next.build();
        }

        /** Remembered per due date, so that the coordinators are reminded once of each. */
        @Override
        public Case reviewDue(CaseReviewDue e) {
            Draft next = new Draft(before, e.remindedAt());
            next.reviewRemindedFor = e.reviewDueAt();
            next.reviewRemindedAt = e.remindedAt();
            return next.build();
        }

        /**
         * Purged: what remains is the tombstone, the number and task force (old numbers too, so that they still
         * answer as gone), when, why and who decided; every piece of content is dropped at once, before the
         * erasure of what lies beside the case and of the case itself completes.
         */
        @Override
        public Case purged(CasePurged e) {
            Draft next = new Draft(before, e.purgedAt());
            next.title = null;
            next.leadIds = List.of();
            next.subjects = List.of();
            next.identifiers = List.of();
            next.assignments = List.of();
            next.notes = List.of();
            next.noteCount = 0;
            next.outcomes = List.of();
            next.pendingTransfer = null;
            next.mergeProposedWith = List.of();
            next.purgedAt = e.purgedAt();
            next.purgedBy = e.decidedBy();
            next.purgeCause = e.cause();
            return next.build();
        }
    }

    /** A case being changed by one event; every change stamps {@code updatedAt} with the event's time. */
    private static final class Draft {
        String caseNumber;
        String taskForceId;
        CaseStatus status;
        Priority priority;
        List<String> leadIds;
        List<Subject> subjects;
        List<CaseIdentifier> identifiers;
        List<Assignment> assignments;
        List<CaseNote> notes;
        int noteCount;
        List<CaseOutcome> outcomes;
        Instant updatedAt;
        Instant closedAt;
        List<String> formerCaseNumbers;
        PendingTransfer pendingTransfer;
        String mergedInto;
        List<String> absorbedCaseIds;
        List<String> mergeProposedWith;
        String title;
        Instant nextReviewDueAt;
        Instant lastReviewedAt;
        Instant reviewRemindedFor;
        Instant reviewRemindedAt;
        Instant purgedAt;
        String purgedBy;
        PurgeCause purgeCause;
        private final Case from;

        Draft(Case from, Instant at) {
            this.from = from;
            caseNumber = from.caseNumber;
            taskForceId = from.taskForceId;
            status = from.status;
            priority = from.priority;
            leadIds = from.leadIds;
            subjects = from.subjects;
            identifiers = from.identifiers;
            assignments = from.assignments;
            notes = from.notes;
            noteCount = from.noteCount;
            outcomes = from.outcomes;
            updatedAt = at;
            closedAt = from.closedAt;
            formerCaseNumbers = from.formerCaseNumbers;
            pendingTransfer = from.pendingTransfer;
            mergedInto = from.mergedInto;
            absorbedCaseIds = from.absorbedCaseIds;
            mergeProposedWith = from.mergeProposedWith;
            title = from.title;
            nextReviewDueAt = from.nextReviewDueAt;
            lastReviewedAt = from.lastReviewedAt;
            reviewRemindedFor = from.reviewRemindedFor;
            reviewRemindedAt = from.reviewRemindedAt;
            purgedAt = from.purgedAt;
            purgedBy = from.purgedBy;
            purgeCause = from.purgeCause;
        }

        Case build() {
            return new Case(
                    from.id,
                    caseNumber,
                    taskForceId,
                    title,
                    status,
                    priority,
                    leadIds,
                    subjects,
                    identifiers,
                    assignments,
                    notes,
                    noteCount,
                    outcomes,
                    from.openedAt,
                    updatedAt,
                    closedAt,
                    formerCaseNumbers,
                    pendingTransfer,
                    mergedInto,
                    absorbedCaseIds,
                    mergeProposedWith,
                    nextReviewDueAt,
                    lastReviewedAt,
                    reviewRemindedFor,
                    reviewRemindedAt,
                    purgedAt,
                    purgedBy,
                    purgeCause);
        }
    }

    private Change apply(List<CaseEventData> events) {
        Case next = this;
        for (CaseEventData event : events) {
            next = next.evolve(event);
        }
        return new Change(next, List.copyOf(events));
    }

    /**
     * Times as the store keeps them (milliseconds), so that the events carry exactly the times of the stored case
     * and a case replayed from them equals it.
     */
    private static Instant stamp(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private void requireCoordinator(String who, Roster roster, String what) {
        if (who == null || !roster.isCoordinator(who)) {
            throw new CaseRuleViolation(
                    NOT_A_COORDINATOR,
                    null,
                    "only a coordinator of task force " + taskForceId + " may " + what + "; " + who + " is not one");
        }
    }

    private void requireMember(String who, Roster roster, String field) {
        if (who == null || !roster.isMember(who)) {
            throw new CaseRuleViolation(
                    NOT_A_MEMBER, field, field + " " + who + " is not a member of task force " + taskForceId);
        }
    }

    private static String titleOf(LeadSubmitted lead) {
        return lead.summary() == null || lead.summary().isBlank() ? "Lead " + lead.leadId() : lead.summary();
    }

    private static List<CaseIdentifier> mergeIdentifiers(List<CaseIdentifier> have, List<CaseIdentifier> more) {
        List<CaseIdentifier> merged = new ArrayList<>(have);
        for (CaseIdentifier candidate : more) {
            if (merged.stream().noneMatch(candidate::sameAs)) {
                merged.add(candidate);
            }
        }
        return merged;
    }

    private static List<Subject> mergeSubjects(List<Subject> have, List<Subject> more) {
        List<Subject> merged = new ArrayList<>(have);
        for (Subject candidate : more) {
            if (merged.stream().noneMatch(s -> PersonNames.sameEntry(s, candidate))) {
                merged.add(candidate);
            }
        }
        return merged;
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> more = new ArrayList<>(list);
        more.add(item);
        return more;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
