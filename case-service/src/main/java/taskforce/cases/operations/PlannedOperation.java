package taskforce.cases.operations;

import java.time.Instant;

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
