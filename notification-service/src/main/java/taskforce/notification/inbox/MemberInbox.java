package taskforce.notification.inbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import taskforce.platform.refusal.NotFound;

/** Puts notifications into members' inboxes, pushes them to open streams, and lets members read them. */
@Service
public class MemberInbox {

    private final Notifications notifications;
    private final MemberStreams memberStreams;
    private final NotificationStreams streams;
    private final Clock clock;

    MemberInbox(Notifications notifications, MemberStreams memberStreams, NotificationStreams streams, Clock clock) {
        this.notifications = notifications;
        this.memberStreams = memberStreams;
        this.streams = streams;
        this.clock = clock;
    }

    /**
     * Returns whether the entry is new; a repeat is neither stored nor streamed again. The entry goes into the
     * member's stream document, which every instance's poller reads, so the live push reaches the member
     * whichever instance holds the stream; this instance's poller is woken at once. Browsers are written to by
     * the poller, never by the event consumer, so a slow one cannot hold the consumer up.
     *
     * <p>The unread count moves in the stream's write, so an entry is counted exactly when it is streamed. A
     * consumer that stopped between storing the entry and streaming it left the entry unmarked; the event comes
     * again (its offset was not committed), and the repeat streams and counts it then.
     */
    public boolean deliver(Notification notification) {
        boolean created = notifications.insertIfAbsent(notification);
        Notifications.Stored stored = created
                ? new Notifications.Stored(notification, false, false)
                : notifications.findStored(notification.id()).orElse(null);
        if (stored == null || stored.streamed()) {
            return created;
        }
        String memberId = notification.memberId();
        long seq = memberStreams.append(
                stored.notification(),
                () -> notifications.countUnreadStreamed(memberId)
                        + (stored.notification().unread() ? 1 : 0));
        notifications.markStreamed(notification.id(), seq);
        streams.wake();
        return created;
    }

    /**
     * Erases the inbox entries about a purged case (issue 15), {@code notificationIds} being every entry its events
     * made: out of each member's stream, the unread count down by those it still counted, then the entries
     * themselves. A repeat after a crash counts nothing twice (an erased entry is counted like a read, by id).
     */
    public void eraseCase(String caseId, Collection<String> notificationIds) {
        if (notificationIds.isEmpty()) {
            return;
        }
        Map<String, List<String>> countedByMember = new HashMap<>();
        Set<String> members = new HashSet<>();
        for (Notifications.Stored stored : notifications.findAllStored(notificationIds)) {
            String memberId = stored.notification().memberId();
            members.add(memberId);
            if (stored.streamed() && !stored.readCounted()) {
                countedByMember
                        .computeIfAbsent(memberId, m -> new ArrayList<>())
                        .add(stored.notification().id());
            }
        }
        for (String memberId : members) {
            memberStreams.erase(memberId, caseId, countedByMember.getOrDefault(memberId, List.of()));
        }
        notifications.deleteAll(notificationIds);
    }

    List<Notification> list(String memberId, boolean unreadOnly) {
        return notifications.ofMember(memberId, unreadOnly);
    }

    /**
     * Marks the entry read and counts it, once: asked again (a second click, or after a crash between marking and
     * counting) it counts only what was not counted yet.
     */
    Notification markRead(String memberId, String notificationId) {
        Notifications.Stored stored = notifications
                .findStored(notificationId)
                .filter(found -> found.notification().memberId().equals(memberId))
                .orElseThrow(() -> NotFound.of("notification", notificationId));
        if (stored.notification().unread()) {
            notifications.markRead(notificationId, clock.instant());
        }
        // an entry its stream never counted is not counted down either (it is counted as read when streamed)
        if (stored.streamed() && !stored.readCounted()) {
            memberStreams.countRead(memberId, List.of(notificationId));
            notifications.markReadCounted(List.of(notificationId));
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
        return memberStreams.unread(memberId, () -> notifications.countUnread(memberId));
    }

    /**
     * Marks every unread entry (of one case, when given) read, then counts each read not counted yet once, by id:
     * a single read of one of them at the same moment does not count it twice, and a read a crash left uncounted
     * is counted now.
     */
    long markAllRead(String memberId, String caseId) {
        long marked = notifications.markAllRead(memberId, caseId, clock.instant());
        List<String> uncounted = notifications.readUncountedIds(memberId, caseId);
        memberStreams.countRead(memberId, uncounted);
        notifications.markReadCounted(uncounted);
        return marked;
    }
}
