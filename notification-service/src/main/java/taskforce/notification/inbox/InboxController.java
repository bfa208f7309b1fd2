package taskforce.notification.inbox;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

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
    List<Notification> list(@PathVariable String memberId, @RequestParam(required = false) Boolean unread) {
        return inbox.list(memberId, Boolean.TRUE.equals(unread));
    }

    @PostMapping("/{notificationId}/read")
    Notification read(@PathVariable String memberId, @PathVariable String notificationId) {
        return inbox.markRead(memberId, notificationId);
    }

    @GetMapping(path = "/stream", produces = "text/event-stream")
    SseEmitter stream(@PathVariable String memberId) {
        return streams.open(memberId);
    }
}
