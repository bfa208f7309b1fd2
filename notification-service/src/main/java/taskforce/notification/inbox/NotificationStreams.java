package taskforce.notification.inbox;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import taskforce.notification.NotificationProperties;
import taskforce.platform.refusal.TooManyRequests;

/** The open Server-Sent Events streams of each member, to push new inbox entries live. */
@Component
public class NotificationStreams {

    public static final String EVENT_NAME = "notification";
    private static final Logger log = LoggerFactory.getLogger(NotificationStreams.class);

    private final Map<String, Set<SseEmitter>> byMember = new ConcurrentHashMap<>();
    private final NotificationProperties properties;
    private final int maxPerMember;

    NotificationStreams(
            NotificationProperties properties, @Value("${notification.stream.max-per-member:5}") int maxPerMember) {
        this.properties = properties;
        this.maxPerMember = maxPerMember;
    }

    /**
     * Opens a stream, at most {@code notification.stream.max-per-member} per member on this instance (a browser tab
     * or two per device is plenty; forty would hold forty connections and threads): one more is 429.
     */
    SseEmitter open(String memberId) {
        SseEmitter emitter = new SseEmitter(properties.stream().timeout().toMillis());
        boolean[] admitted = {false};
        byMember.compute(memberId, (id, emitters) -> {
            Set<SseEmitter> open = emitters == null ? ConcurrentHashMap.newKeySet() : emitters;
            if (open.size() < maxPerMember) {
                open.add(emitter);
                admitted[0] = true;
            }
            return open.isEmpty() ? null : open;
        });
        if (!admitted[0]) {
            throw new TooManyRequests(
                    "Too many live streams",
                    "member " + memberId + " has " + maxPerMember
                            + " live streams open already; close one before opening another",
                    "memberId",
                    Duration.ofSeconds(30));
        }
        emitter.onCompletion(() -> remove(memberId, emitter));
        emitter.onTimeout(() -> remove(memberId, emitter));
        emitter.onError(error -> remove(memberId, emitter));
        // a first comment commits the response, so the client knows the stream is open before anything happens
        send(memberId, emitter, SseEmitter.event().comment("connected"));
        return emitter;
    }

    public int openStreams(String memberId) {
        return byMember.getOrDefault(memberId, Set.of()).size();
    }

    void push(Notification notification) {
        for (SseEmitter emitter : byMember.getOrDefault(notification.memberId(), Set.of())) {
            send(
                    notification.memberId(),
                    emitter,
                    SseEmitter.event()
                            .id(notification.id())
                            .name(EVENT_NAME)
                            .data(notification, MediaType.APPLICATION_JSON));
        }
    }

    /** Comments keep proxies and load balancers from closing idle streams, and find streams whose client left. */
    @Scheduled(fixedDelayString = "${notification.stream.keep-alive:15s}")
    void keepAlive() {
        byMember.forEach((memberId, emitters) -> emitters.forEach(
                emitter -> send(memberId, emitter, SseEmitter.event().comment("keep-alive"))));
    }

    /**
     * Streams never finish by themselves, and the web server's graceful shutdown waits for open requests:
     * ending them when the context closes (before the server stops) lets clients reconnect elsewhere at once.
     */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        byMember.values().forEach(emitters -> emitters.forEach(SseEmitter::complete));
        byMember.clear();
    }

    private void send(String memberId, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            log.debug("stream of member {} is gone: {}", memberId, gone.toString());
            remove(memberId, emitter);
            emitter.completeWithError(gone);
        }
    }

    private void remove(String memberId, SseEmitter emitter) {
        byMember.computeIfPresent(memberId, (id, emitters) -> {
            emitters.remove(emitter);
            return emitters.isEmpty() ? null : emitters;
        });
    }
}
