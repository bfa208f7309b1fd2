package taskforce.notification.inbox;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import taskforce.platform.refusal.NotFound;

/** Puts notifications into members' inboxes, pushes them to open streams, and lets members read them. */
@Service
public class MemberInbox {

    private final Notifications notifications;
    private final NotificationStreams streams;
    private final Executor pushes;

    MemberInbox(Notifications notifications, NotificationStreams streams, @Qualifier("streamPushes") Executor pushes) {
        this.notifications = notifications;
        this.streams = streams;
        this.pushes = pushes;
    }

    /** Returns whether the entry is new; a repeat is neither stored nor pushed again. */
    public boolean deliver(Notification notification) {
        boolean created = notifications.insertIfAbsent(notification);
        if (created) {
            notifications.countUnread(notification.memberId(), 1);
            // a slow stream client must never hold up the event consumer
            pushes.execute(() -> streams.push(notification));
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
