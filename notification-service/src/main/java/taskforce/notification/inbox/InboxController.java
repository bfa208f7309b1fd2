package taskforce.notification.inbox;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import taskforce.platform.security.Caller;
import taskforce.platform.web.ProblemException;

/**
 * A member's inbox is theirs alone: the token's {@code member_id} must be the path's. Anyone else, coordinators
 * and administrators included, gets 404 as for an inbox that does not exist, so member ids cannot be probed.
 */
@RestController
@RequestMapping("/api/members/{memberId}/notifications")
class InboxController {

    private final MemberInbox inbox;
    private final NotificationStreams streams;

    InboxController(MemberInbox inbox, NotificationStreams streams) {
        this.inbox = inbox;
        this.streams = streams;
    }

    /** Newest first; {@code unread=true} lists only what is still unread. */
    @GetMapping
    List<Notification> list(
            Caller caller, @PathVariable String memberId, @RequestParam(required = false) Boolean unread) {
        requireOwner(caller, memberId);
        return inbox.list(memberId, Boolean.TRUE.equals(unread));
    }

    @PostMapping("/{notificationId}/read")
    Notification read(Caller caller, @PathVariable String memberId, @PathVariable String notificationId) {
        if (!isOwner(caller, memberId)) {
            // the same answer as for a notification that is not in this inbox
            throw ProblemException.notFound("notification", notificationId);
        }
        return inbox.markRead(memberId, notificationId);
    }

    @GetMapping(path = "/stream", produces = "text/event-stream")
    SseEmitter stream(Caller caller, @PathVariable String memberId) {
        requireOwner(caller, memberId);
        return streams.open(memberId);
    }

    private static boolean isOwner(Caller caller, String memberId) {
        return caller.memberId() != null && caller.memberId().equals(memberId);
    }

    private static void requireOwner(Caller caller, String memberId) {
        if (!isOwner(caller, memberId)) {
            throw ProblemException.notFound("inbox", memberId);
        }
    }
}
