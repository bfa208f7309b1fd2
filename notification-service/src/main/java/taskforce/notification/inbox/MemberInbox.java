package taskforce.notification.inbox;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import taskforce.platform.refusal.NotFound;

/** Puts notifications into members' inboxes, pushes them to open streams, and lets members read them. */
@Service
public class MemberInbox {

    private final Notifications notifications;
    private final MemberStreams memberStreams;
    private final NotificationStreams streams;

    MemberInbox(Notifications notifications, MemberStreams memberStreams, NotificationStreams streams) {
        this.notifications = notifications;
        this.memberStreams = memberStreams;
        this.streams = streams;
    }

    /**
     * Returns whether the entry is new; a repeat is neither stored nor streamed again. The entry goes into the
     * member's stream document, which every instance's poller reads, so the live push reaches the member
     * whichever instance holds the stream; this instance's poller is woken at once. Browsers are written to by
     * the poller, never by the event consumer, so a slow one cannot hold the consumer up.
     */
    public boolean deliver(Notification notification) {
        boolean created = notifications.insertIfAbsent(notification);
        if (created) {
            notifications.countUnread(notification.memberId(), 1);
            memberStreams.append(notification);
            streams.wake();
        }
        return created;
    }

    List<Notification> list(String memberId, boolean unreadOnly) {
        return notifications.ofMember(memberId, unreadOnly);
    }

    Notification markRead(String memberId, String notificationId) {
        Notification notification = notifications
                .find(notificationId)
                .filter(found -> found.memberId().equals(memberId))
                .orElseThrow(() -> NotFound.of("notification", notificationId));
        if (!notification.unread()) {
            return notification;
        }
        if (notifications.markRead(notificationId, Instant.now())) {
            notifications.countUnread(memberId, -1);
        }
        return notifications.find(notificationId).orElseThrow();
    }

    Notifications.Page page(String memberId, boolean unreadOnly, String caseId, int offset, int size) {
        return notifications.page(memberId, unreadOnly, caseId, offset, size);
    }

    List<Notifications.CaseCount> byCase(String memberId, boolean unreadOnly) {
        return notifications.byCase(memberId, unreadOnly);
    }

    long unreadCount(String memberId) {
        return notifications.unreadCount(memberId);
    }

    /** Marks every unread entry (of one case, when given) read, and the count down by as many. */
    long markAllRead(String memberId, String caseId) {
        long marked = notifications.markAllRead(memberId, caseId, Instant.now());
        notifications.countUnread(memberId, -marked);
        return marked;
    }
}
