package taskforce.cases.casefile;

import static taskforce.cases.casefile.CaseRuleViolation.Kind.ALREADY_ASSIGNED;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.ILLEGAL_TRANSITION;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.INVALID;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.NOT_ASSIGNED;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.NOT_A_COORDINATOR;
import static taskforce.cases.casefile.CaseRuleViolation.Kind.NOT_A_MEMBER;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseOutcomeRecorded;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;

/**
 * A case of a task force and the rules it lives by. Immutable: every command answers with the next state and
 * the events it caused ({@link Change}), and every state change goes through {@link #evolve(Object)}, so the
 * events are exactly what happened.
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
        List<CaseOutcome> outcomes,
        Instant openedAt,
        Instant updatedAt,
        Instant closedAt) {

    public static final int MAX_NOTE_LENGTH = 10_000;

    public Case {
        leadIds = copy(leadIds);
        subjects = copy(subjects);
        identifiers = copy(identifiers);
        assignments = copy(assignments);
        notes = copy(notes);
        outcomes = copy(outcomes);
    }

    /** The next state and the events a command caused; no events means nothing changed. */
    public record Change(Case next, List<Object> events) {

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
                now);
        Case opening = new Case(
                caseId,
                caseNumber,
                lead.taskForceId(),
                opened.title(),
                CaseStatus.OPEN,
                opened.priority(),
                List.of(lead.leadId()),
                mergeSubjects(List.of(), opened.subjects()),
                distinct,
                List.of(),
                List.of(),
                List.of(),
                now,
                now,
                null);
        return new Change(opening, List.of(opened));
    }

    /**
     * Links a lead that shares identifiers with this case. The lead's identifiers and subjects the case did not
     * have yet join it; a lead already linked changes nothing.
     */
    public Change linkLead(LeadSubmitted lead, List<CaseIdentifier> leadIdentifiers, Instant now) {
        if (leadIds.contains(lead.leadId())) {
            return new Change(this, List.of());
        }
        List<Identifier> matched = leadIdentifiers.stream()
                .filter(candidate -> identifiers.stream().anyMatch(candidate::sameAs))
                .map(CaseIdentifier::asWritten)
                .toList();
        CaseLeadLinked linked =
                new CaseLeadLinked(id, caseNumber, taskForceId, lead.leadId(), lead.agencyId(), matched, now);
        Case next = evolve(linked);
        Priority raised =
                lead.priority() != null && lead.priority().compareTo(priority) > 0 ? lead.priority() : priority;
        next = new Case(
                id,
                caseNumber,
                taskForceId,
                title,
                status,
                raised,
                next.leadIds,
                mergeSubjects(subjects, lead.subjects() == null ? List.of() : lead.subjects()),
                mergeIdentifiers(identifiers, leadIdentifiers),
                assignments,
                notes,
                outcomes,
                openedAt,
                now,
                closedAt);
        return new Change(next, List.of(linked));
    }

    // ---- assignment

    public Change assign(String memberId, AssignmentRole role, String assignedBy, Roster roster, Instant now) {
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
        List<Object> events = new ArrayList<>();
        events.add(new CaseAssigned(id, caseNumber, taskForceId, memberId, role, assignedBy, now));
        if (status == CaseStatus.OPEN) {
            events.add(new CaseStatusChanged(
                    id,
                    caseNumber,
                    taskForceId,
                    CaseStatus.OPEN,
                    CaseStatus.ASSIGNED,
                    "first assignment",
                    assignedBy,
                    now));
        }
        return apply(events);
    }

    public Change unassign(String memberId, String unassignedBy, Roster roster, Instant now) {
        requireCoordinator(unassignedBy, roster, "unassign members");
        if (!assignee(memberId)) {
            throw new CaseRuleViolation(
                    NOT_ASSIGNED, "memberId", "member " + memberId + " is not assigned to case " + caseNumber);
        }
        return apply(List.of(new CaseUnassigned(id, caseNumber, taskForceId, memberId, unassignedBy, now)));
    }

    public boolean assignee(String memberId) {
        return assignments.stream().anyMatch(a -> a.memberId().equals(memberId));
    }

    // ---- lifecycle

    public Change changeStatus(CaseStatus to, String reason, String changedBy, Roster roster, Instant now) {
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
        return apply(List.of(new CaseStatusChanged(id, caseNumber, taskForceId, status, to, reason, changedBy, now)));
    }

    // ---- notes and outcomes

    public Change addNote(String noteId, String text, String author, Roster roster, Instant now) {
        if (text == null || text.isBlank()) {
            throw new CaseRuleViolation(INVALID, "text", "text must not be blank");
        }
        if (text.length() > MAX_NOTE_LENGTH) {
            throw new CaseRuleViolation(INVALID, "text", "text must be at most " + MAX_NOTE_LENGTH + " characters");
        }
        requireMember(author, roster, "author");
        return apply(List.of(new CaseNoteAdded(id, caseNumber, taskForceId, noteId, text, author, now)));
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
        if (type == null) {
            throw new CaseRuleViolation(
                    INVALID,
                    "type",
                    "type must be one of ARREST, SEIZURE, VICTIM_IDENTIFIED, " + "INDICTMENT, CONVICTION, REMOVAL");
        }
        int counted = count == null ? 1 : count;
        if (counted < 1) {
            throw new CaseRuleViolation(INVALID, "count", "count must be at least 1");
        }
        if (type == OutcomeType.SEIZURE) {
            if (seizure == null) {
                throw new CaseRuleViolation(INVALID, "seizure", "a SEIZURE needs seizure {category, quantity, unit}");
            }
            if (seizure.category() == null) {
                throw new CaseRuleViolation(INVALID, "seizure.category", "seizure.category is required");
            }
            if (seizure.quantity() == null || seizure.quantity().compareTo(BigDecimal.ZERO) <= 0) {
                throw new CaseRuleViolation(INVALID, "seizure.quantity", "seizure.quantity must be greater than 0");
            }
            if (seizure.unit() == null) {
                throw new CaseRuleViolation(INVALID, "seizure.unit", "seizure.unit is required");
            }
        } else if (seizure != null) {
            throw new CaseRuleViolation(INVALID, "seizure", "only a SEIZURE outcome carries seizure");
        }
        requireMember(recordedBy, roster, "recordedBy");
        return apply(List.of(new CaseOutcomeRecorded(
                id,
                caseNumber,
                taskForceId,
                outcomeId,
                type,
                counted,
                seizure,
                agencyId,
                occurredAt == null ? now : occurredAt,
                recordedBy,
                now)));
    }

    // ---- state from events

    /** Rebuilds a case from its events, oldest first (identifiers keep their written form as canonical form). */
    public static Case replay(List<?> events) {
        if (events.isEmpty() || !(events.get(0) instanceof CaseOpened opened)) {
            throw new IllegalArgumentException("a case starts with case.opened");
        }
        Case state = new Case(
                opened.caseId(),
                opened.caseNumber(),
                opened.taskForceId(),
                opened.title(),
                CaseStatus.OPEN,
                opened.priority(),
                List.of(opened.leadId()),
                opened.subjects(),
                opened.identifiers().stream()
                        .map(i -> new CaseIdentifier(i.type(), i.value(), i.value()))
                        .toList(),
                List.of(),
                List.of(),
                List.of(),
                opened.openedAt(),
                opened.openedAt(),
                null);
        for (Object event : events.subList(1, events.size())) {
            state = state.evolve(event);
        }
        return state;
    }

    /** This case after one of its events. */
    public Case evolve(Object event) {
        if (event instanceof CaseLeadLinked e) {
            return with(status, plus(leadIds, e.leadId()), assignments, notes, outcomes, e.linkedAt());
        }
        if (event instanceof CaseAssigned e) {
            return with(
                    status,
                    leadIds,
                    plus(assignments, new Assignment(e.memberId(), e.role(), e.assignedAt(), e.assignedBy())),
                    notes,
                    outcomes,
                    e.assignedAt());
        }
        if (event instanceof CaseUnassigned e) {
            return with(
                    status,
                    leadIds,
                    assignments.stream()
                            .filter(a -> !a.memberId().equals(e.memberId()))
                            .toList(),
                    notes,
                    outcomes,
                    e.unassignedAt());
        }
        if (event instanceof CaseStatusChanged e) {
            Case next = with(e.to(), leadIds, assignments, notes, outcomes, e.changedAt());
            // kept so that the results report can count cases closed in a period from the document alone
            return e.to() == CaseStatus.CLOSED ? next.closedOn(e.changedAt()) : next;
        }
        if (event instanceof CaseNoteAdded e) {
            return with(
                    status,
                    leadIds,
                    assignments,
                    plus(notes, new CaseNote(e.noteId(), e.text(), e.author(), e.addedAt())),
                    outcomes,
                    e.addedAt());
        }
        if (event instanceof CaseOutcomeRecorded e) {
            return with(
                    status,
                    leadIds,
                    assignments,
                    notes,
                    plus(
                            outcomes,
                            new CaseOutcome(
                                    e.outcomeId(),
                                    e.type(),
                                    e.count(),
                                    e.seizure(),
                                    e.agencyId(),
                                    e.occurredAt(),
                                    e.recordedBy(),
                                    e.recordedAt())),
                    e.recordedAt());
        }
        throw new IllegalArgumentException(
                "a case does not evolve by " + event.getClass().getSimpleName());
    }

    private Change apply(List<Object> events) {
        Case next = this;
        for (Object event : events) {
            next = next.evolve(event);
        }
        return new Change(next, List.copyOf(events));
    }

    private Case with(
            CaseStatus status,
            List<String> leadIds,
            List<Assignment> assignments,
            List<CaseNote> notes,
            List<CaseOutcome> outcomes,
            Instant updatedAt) {
        return new Case(
                id,
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
                outcomes,
                openedAt,
                updatedAt,
                closedAt);
    }

    private Case closedOn(Instant when) {
        return new Case(
                id,
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
                outcomes,
                openedAt,
                updatedAt,
                when);
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
            if (merged.stream().noneMatch(s -> sameSubject(s, candidate))) {
                merged.add(candidate);
            }
        }
        return merged;
    }

    private static boolean sameSubject(Subject a, Subject b) {
        return a.name() != null
                && b.name() != null
                && a.name().trim().equalsIgnoreCase(b.name().trim())
                && Objects.equals(a.dateOfBirth(), b.dateOfBirth());
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
