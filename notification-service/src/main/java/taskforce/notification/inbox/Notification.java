package taskforce.notification.inbox;

import java.time.Instant;
import taskforce.notification.DerivedId;

/** An entry in a member's inbox. */
public record Notification(
        String id,
        String memberId,
        String caseId,
        String caseNumber,
        String eventType,
        String title,
        Instant createdAt,
        Instant readAt) {

    /** One entry per event and member, however often the event is delivered or however many rules match it. */
    public static Notification forEvent(
            String eventId,
            String memberId,
            String caseId,
            String caseNumber,
            String eventType,
            String title,
            Instant now) {
        return new Notification(
                DerivedId.of(eventId, memberId), memberId, caseId, caseNumber, eventType, title, now, null);
    }

    public boolean unread() {
        return readAt == null;
    }

    public Notification markedRead(Instant at) {
        return readAt != null
                ? this
                : new Notification(id, memberId, caseId, caseNumber, eventType, title, createdAt, at);
    }
}
