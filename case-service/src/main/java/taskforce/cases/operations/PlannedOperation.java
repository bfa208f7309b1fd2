package taskforce.cases.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import taskforce.cases.casefile.Case;
import taskforce.cases.triage.IdentifierNormalizer;
import taskforce.contracts.cases.CaseStatus;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.RuleRefused;

/**
 * An operation a task force plans for one of its cases: where (a circle around a point) and when (a window), and
 * whom to call on scene. Cancelled operations stay on record but conflict with nothing.
 */
public record PlannedOperation(
        String id,
        String caseId,
        String caseNumber,
        String taskForceId,
        OperationType type,
        Area area,
        Instant startsAt,
        Instant endsAt,
        Contact contact,
        String registeredBy,
        Instant registeredAt,
        String cancelledBy,
        Instant cancelledAt) {

    /** Longer operations are registered in parts, so that each part conflicts only with what overlaps it. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(14);

    private static final IdentifierNormalizer NUMBERS = new IdentifierNormalizer();

    /**
     * A new operation for the case, its number and task force taken from the case itself, if the rules allow it:
     * an open case, a window that ends after it starts, lasts at most {@link #LONGEST_WINDOW} and is not over at
     * {@code now}, and a contact phone that reaches someone (kept in E.164). {@code taskForceNamed} is the task
     * force the request claims, null when it claims none; another than the case's is refused.
     */
    static PlannedOperation plan(
            Case theCase,
            String taskForceNamed,
            OperationType type,
            Area area,
            Instant startsAt,
            Instant endsAt,
            Contact contact,
            String registeredBy,
            Instant now) {
        if (!endsAt.isAfter(startsAt)) {
            throw new InvalidField("endsAt", "the operation must end after it starts");
        }
        if (Duration.between(startsAt, endsAt).compareTo(LONGEST_WINDOW) > 0) {
            throw new InvalidField(
                    "endsAt",
                    "an operation window is at most " + LONGEST_WINDOW.toDays()
                            + " days; register a longer one in parts");
        }
        if (!endsAt.isAfter(now)) {
            throw new InvalidField("endsAt", "the operation is over already");
        }
        String phone = NUMBERS.reachablePhone(contact.phone())
                .orElseThrow(() -> new InvalidField("contact.phone", "not a valid phone number: " + contact.phone()));
        if (taskForceNamed != null && !taskForceNamed.equals(theCase.taskForceId())) {
            throw new RuleRefused(
                    "Wrong task force", "the case belongs to another task force than " + taskForceNamed, "taskForceId");
        }
        if (theCase.status() == CaseStatus.CLOSED || theCase.status() == CaseStatus.MERGED) {
            throw new RuleRefused("Case closed", "operations are planned for open cases only", "caseId");
        }
        return new PlannedOperation(
                "op-" + UUID.randomUUID(),
                theCase.id(),
                theCase.caseNumber(),
                theCase.taskForceId(),
                type,
                area,
                startsAt,
                endsAt,
                new Contact(contact.name(), phone),
                registeredBy,
                now,
                null,
                null);
    }

    /** A circle on the earth's surface, in degrees (WGS 84) and metres. */
    public record Area(double latitude, double longitude, int radiusMeters) {}

    /** Who answers the phone for this operation while it runs. */
    public record Contact(String name, String phone) {}

    public boolean cancelled() {
        return cancelledAt != null;
    }

    PlannedOperation cancel(String by, Instant at) {
        return new PlannedOperation(
                id,
                caseId,
                caseNumber,
                taskForceId,
                type,
                area,
                startsAt,
                endsAt,
                contact,
                registeredBy,
                registeredAt,
                by,
                at);
    }

    /** Whether the two windows share an instant and the two circles share a point. */
    boolean overlaps(PlannedOperation other) {
        return startsAt.isBefore(other.endsAt)
                && other.startsAt.isBefore(endsAt)
                && OperationCells.distanceMeters(area, other.area) <= area.radiusMeters() + other.area.radiusMeters();
    }
}
