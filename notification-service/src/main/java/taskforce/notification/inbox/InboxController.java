package taskforce.notification.inbox;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;
import taskforce.platform.web.Paging;

/**
 * A member's inbox is theirs alone: the token's {@code member_id} must be the path's. Anyone else, coordinators
 * and administrators included, gets 404 as for an inbox that does not exist, so member ids cannot be probed.
 */
@RestController
@RequestMapping("/api/members/{memberId}/notifications")
class InboxController {

    static final String INBOX = "inbox";
    static final String READ = "inbox.read";
    static final String STREAM = "inbox.stream";

    private final MemberInbox inbox;
    private final NotificationStreams streams;
    private final AuditTrail audit;

    InboxController(MemberInbox inbox, NotificationStreams streams, AuditTrail audit) {
        this.inbox = inbox;
        this.streams = streams;
        this.audit = audit;
    }

    /** Newest first; {@code unread=true} lists only what is still unread. */
    @GetMapping
    List<Notification> list(
            Caller caller, @PathVariable String memberId, @RequestParam(required = false) Boolean unread) {
        requireOwner(caller, memberId, READ);
        audit.allowed(caller, READ, INBOX, memberId);
        return inbox.list(memberId, Boolean.TRUE.equals(unread));
    }

    /** At most {@value #MAX_PAGE_SIZE} a page, newest first; {@code unread=true} and {@code caseId} narrow it. */
    static final int MAX_PAGE_SIZE = 50;

    record InboxPage(List<Notification> content, int page, int size, long totalElements) {}

    record UnreadCount(long unread) {}

    record Marked(long marked) {}

    @GetMapping("/page")
    InboxPage page(
            Caller caller,
            @PathVariable String memberId,
            @RequestParam(required = false) Boolean unread,
            @RequestParam(required = false) String caseId,
            @RequestParam(defaultValue = "0") long page,
            @RequestParam(defaultValue = "50") long size) {
        requireOwner(caller, memberId, READ);
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        audit.allowed(caller, READ, INBOX, memberId);
        Notifications.Page found =
                inbox.page(memberId, Boolean.TRUE.equals(unread), blankToNull(caseId), paging.offset(), paging.size());
        return new InboxPage(found.items(), paging.page(), paging.size(), found.total());
    }

    /** The member's entries grouped by case, with how many and how many unread, newest case first. */
    @GetMapping("/by-case")
    List<Notifications.CaseCount> byCase(
            Caller caller, @PathVariable String memberId, @RequestParam(required = false) Boolean unread) {
        requireOwner(caller, memberId, READ);
        audit.allowed(caller, READ, INBOX, memberId);
        return inbox.byCase(memberId, Boolean.TRUE.equals(unread));
    }

    /**
     * How many entries are unread, for every page's header: one read by id. A number says nothing of any case,
     * so it is not recorded in the audit trail (every page view would be), but only the owner may ask.
     */
    @GetMapping("/unread-count")
    UnreadCount unreadCount(Caller caller, @PathVariable String memberId) {
        requireOwner(caller, memberId, READ);
        return new UnreadCount(inbox.unreadCount(memberId));
    }

    /** Marks every unread entry read, or those of one case ({@code caseId}). */
    @PostMapping("/read-all")
    Marked readAll(Caller caller, @PathVariable String memberId, @RequestParam(required = false) String caseId) {
        if (!isOwner(caller, memberId)) {
            throw NotFound.of("inbox", memberId);
        }
        return new Marked(inbox.markAllRead(memberId, blankToNull(caseId)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @PostMapping("/{notificationId}/read")
    Notification read(Caller caller, @PathVariable String memberId, @PathVariable String notificationId) {
        if (!isOwner(caller, memberId)) {
            // the same answer as for a notification that is not in this inbox
            throw NotFound.of("notification", notificationId);
        }
        return inbox.markRead(memberId, notificationId);
    }

    @GetMapping(path = "/stream", produces = "text/event-stream")
    SseEmitter stream(
            Caller caller,
            @PathVariable String memberId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        requireOwner(caller, memberId, STREAM);
        SseEmitter stream = streams.open(memberId, lastEventId);
        audit.allowed(caller, STREAM, INBOX, memberId);
        return stream;
    }

    private static boolean isOwner(Caller caller, String memberId) {
        return caller.memberId() != null && caller.memberId().equals(memberId);
    }

    /** Inbox entries quote cases: every read is recorded, and so is every refused attempt. */
    private void requireOwner(Caller caller, String memberId, String action) {
        if (!isOwner(caller, memberId)) {
            audit.refused(caller, action, INBOX, memberId, "not the caller's own inbox");
            throw NotFound.of("inbox", memberId);
        }
    }
}
