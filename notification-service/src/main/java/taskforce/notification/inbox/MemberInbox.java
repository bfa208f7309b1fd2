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
        notifications.markRead(notificationId, Instant.now());
        return notifications.find(notificationId).orElseThrow();
    }
}
