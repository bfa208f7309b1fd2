package taskforce.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.MalformedEventException;
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
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseTransferDecided;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.cases.CaseTransferred;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.cases.OperationConflictFound;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.lead.Identifier;

/**
 * A case's timeline in sentences, with who did it and what changed: "Elena Ramirez assigned Tom Nguyen as lead
 * investigator". A visitor of the sealed {@link CaseEventData}, so a new case event type does not compile until it
 * has its sentence here.
 */
public final class TimelineSentences implements CaseEventData.Visitor<String> {

    /** Notes can be long; the timeline quotes their start, the notes section has them whole. */
    static final int NOTE_QUOTE = 120;

    /** One line of the timeline: when, and what happened in words. */
    public record Line(Object time, String type, String sentence) {}

    private final Names names;
    private final TimeInWords times;

    TimelineSentences(Names names, TimeInWords times) {
        this.names = names;
        this.times = times;
    }

    /**
     * The timeline as case-service answers it ({@code type}, {@code time}, {@code id}, {@code data}), in sentences.
     * An entry this console cannot read (a type newer than its contracts) still shows, by its type.
     */
    List<Line> lines(List<Map<String, Object>> timeline) {
        return timeline.stream().map(this::line).toList();
    }

    private Line line(Map<String, Object> entry) {
        String type = String.valueOf(entry.get("type"));
        Object time = entry.get("time");
        return decode(entry)
                .map(event -> new Line(time, type, sentence(event)))
                .orElseGet(() ->
                        new Line(time, type, "Something this console cannot describe yet happened (" + type + ")."));
    }

    /** An entry of the timeline as case-service answers it, as its case event; empty when it is unreadable. */
    static Optional<CaseEventData> decode(Map<String, Object> entry) {
        try {
            CloudEvent event = new CloudEvent(
                    CloudEvent.SPEC_VERSION,
                    String.valueOf(entry.get("id")),
                    "/case-service",
                    String.valueOf(entry.get("type")),
                    TimeInWords.instant(entry.get("time")),
                    null,
                    "application/json",
                    EventCodec.instance().tree(entry.get("data")));
            return Optional.of(EventCodec.instance().caseEvent(event));
        } catch (MalformedEventException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    String sentence(CaseEventData event) {
        return event.accept(this);
    }

    @Override
    public String opened(CaseOpened event) {
        return "A lead of " + names.agency(event.agencyId()) + " opened the case “" + event.title() + "”, priority "
                + lower(event.priority()) + ".";
    }

    @Override
    public String leadLinked(CaseLeadLinked event) {
        StringBuilder sentence = new StringBuilder("A lead of " + names.agency(event.agencyId()) + " joined the case");
        List<String> reasons = new java.util.ArrayList<>();
        if (event.matchedIdentifiers() != null && !event.matchedIdentifiers().isEmpty()) {
            reasons.add("the same "
                    + event.matchedIdentifiers().stream()
                            .map(TimelineSentences::identifier)
                            .collect(Collectors.joining(", ")));
        }
        if (event.matchedPeople() != null) {
            reasons.addAll(event.matchedPeople());
        }
        if (!reasons.isEmpty()) {
            sentence.append(": ").append(String.join("; ", reasons));
        }
        return sentence.append('.').toString();
    }

    @Override
    public String priorityRaised(CasePriorityRaised event) {
        return "A more urgent lead raised the priority from " + lower(event.from()) + " to " + lower(event.to()) + ".";
    }

    @Override
    public String assigned(CaseAssigned event) {
        return names.member(event.assignedBy()) + " assigned " + names.member(event.memberId()) + " as "
                + role(event.role()) + ".";
    }

    @Override
    public String unassigned(CaseUnassigned event) {
        return names.member(event.unassignedBy()) + " took " + names.member(event.memberId()) + " off the case.";
    }

    @Override
    public String statusChanged(CaseStatusChanged event) {
        String sentence = names.member(event.changedBy()) + " moved the case from " + lower(event.from()) + " to "
                + lower(event.to());
        return event.reason() == null || event.reason().isBlank()
                ? sentence + "."
                : sentence + ": “" + event.reason() + "”.";
    }

    @Override
    public String noteAdded(CaseNoteAdded event) {
        String text = event.text() == null ? "" : event.text().strip();
        String quote =
                text.length() > NOTE_QUOTE ? text.substring(0, NOTE_QUOTE).strip() + "…" : text;
        return names.member(event.author()) + " added a note: “" + quote + "”.";
    }

    @Override
    public String outcomeRecorded(CaseOutcomeRecorded event) {
        String sentence = names.member(event.recordedBy()) + " recorded " + OutcomeWords.of(event);
        return event.agencyId() == null ? sentence + "." : sentence + " by " + names.agency(event.agencyId()) + ".";
    }

    @Override
    public String deconflictionHitFound(DeconflictionHitFound event) {
        return "Deconfliction: case " + event.otherCaseNumber() + " of " + names.taskForce(event.otherTaskForceId())
                + " shares a " + identifierType(event.matchedIdentifierType())
                + " with this case; call its coordinator, "
                + names.member(event.otherCoordinatorId()) + ".";
    }

    @Override
    public String transferProposed(CaseTransferProposed event) {
        return names.member(event.proposedBy()) + " proposed handing the case to "
                + names.taskForce(event.toTaskForceId()) + ": “" + event.reason() + "”.";
    }

    @Override
    public String transferDecided(CaseTransferDecided event) {
        String verb = switch (event.decision()) {
            case ACCEPTED -> " accepted";
            case DECLINED -> " declined";
            case WITHDRAWN -> " withdrew";
        };
        String sentence =
                names.member(event.decidedBy()) + verb + " the transfer to " + names.taskForce(event.toTaskForceId());
        return event.reason() == null || event.reason().isBlank()
                ? sentence + "."
                : sentence + ": “" + event.reason() + "”.";
    }

    @Override
    public String transferred(CaseTransferred event) {
        return "The case moved from " + names.taskForce(event.previousTaskForceId()) + " to "
                + names.taskForce(event.taskForceId()) + " as " + event.caseNumber() + " (formerly "
                + event.previousCaseNumber() + ").";
    }

    @Override
    public String merged(CaseMerged event) {
        return names.member(event.mergedBy()) + " merged the case into " + event.mergedIntoCaseNumber()
                + ", which carries on; this case is read only: “" + event.reason() + "”.";
    }

    @Override
    public String absorbed(CaseAbsorbed event) {
        return names.member(event.absorbedBy()) + " merged case " + event.absorbedCaseNumber() + " into this one ("
                + count(event.leadIds(), "lead") + ", " + count(event.notes(), "note") + ", "
                + count(event.outcomes(), "outcome") + " moved here): “" + event.reason() + "”.";
    }

    @Override
    public String mergeProposed(CaseMergeProposed event) {
        return "A lead that joined this case also matches case " + event.otherCaseNumber() + " (" + event.reason()
                + "); the coordinator may merge the two.";
    }

    @Override
    public String reviewed(CaseReviewed event) {
        return names.member(event.reviewedBy()) + " reviewed the case and kept it: “" + event.reason()
                + "”; its next review is due " + times.words(event.nextReviewDueAt()) + ".";
    }

    @Override
    public String reviewDue(CaseReviewDue event) {
        return "The case's review falls due " + times.words(event.reviewDueAt())
                + ": its coordinator keeps it or purges it, and unreviewed it is purged after a grace period.";
    }

    /** Never on a timeline in practice, since a purge erases the timeline; the visitor asks for a sentence all the same. */
    @Override
    public String purged(CasePurged event) {
        return event.cause() == PurgeCause.REVIEW_LAPSED || event.decidedBy() == null
                ? "The case was purged: its review lapsed."
                : names.member(event.decidedBy()) + " purged the case at its review.";
    }

    private static String count(List<?> items, String noun) {
        int n = items == null ? 0 : items.size();
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    @Override
    public String operationConflictFound(OperationConflictFound event) {
        return "A planned operation overlaps one of " + names.taskForce(event.otherTaskForceId()) + " on "
                + times.window(event.overlapStartsAt(), event.overlapEndsAt()) + "; call "
                + contact(event.otherContactName(), event.otherContactPhone()) + " or its coordinator, "
                + names.member(event.otherCoordinatorId()) + ".";
    }

    private static String contact(String name, String phone) {
        if (name == null || name.isBlank()) {
            return phone == null ? "the on-scene contact" : phone;
        }
        return phone == null || phone.isBlank() ? name : name + " (" + phone + ")";
    }

    private static String role(AssignmentRole role) {
        return role == AssignmentRole.LEAD ? "lead investigator" : "support";
    }

    private static String identifier(Identifier identifier) {
        return identifierType(identifier.type()) + " " + identifier.value();
    }

    private static String identifierType(Enum<?> type) {
        if (type == null) {
            return "identifier";
        }
        return switch (type.name()) {
            case "PHONE" -> "phone";
            case "EMAIL" -> "e-mail";
            case "VEHICLE_PLATE" -> "plate";
            case "VIN" -> "VIN";
            case "IP_ADDRESS" -> "IP address";
            case "SOCIAL_HANDLE" -> "social handle";
            case "PERSON" -> "person";
            default -> lower(type);
        };
    }

    private static String lower(Enum<?> value) {
        return value == null ? "unknown" : value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
