package taskforce.notification.inbox;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import taskforce.notification.NotificationProperties;
import taskforce.platform.refusal.TooManyRequests;

/**
 * The open Server-Sent Events streams of each member on this instance, fed from the members' stream documents
 * ({@link MemberStreams}) by one poller, so that a notification reaches the member whichever instance consumed
 * its event. The SSE id of each notification is its number in the member's stream; a browser reconnecting with
 * {@code Last-Event-ID} gets every entry after it that is still held, and one {@value #RELOAD_EVENT} event first
 * when some it missed are held no longer (it should then fetch its inbox again).
 *
 * <p>The poller runs every {@code notification.stream.poll-interval}, and at once when this instance has just
 * written an entry ({@link #wake()}), so that the common case (the consuming instance holds the stream) waits
 * for no poll.
 */
@Component
public class NotificationStreams implements SmartLifecycle {

    public static final String EVENT_NAME = "notification";
    public static final String RELOAD_EVENT = "reload";
    private static final Logger log = LoggerFactory.getLogger(NotificationStreams.class);

    /** One browser's stream and the number of the last entry sent on it; only the poller thread sends entries. */
    private static final class OpenStream {
        final SseEmitter emitter;
        volatile long sent;
        volatile boolean reloadDue;

        OpenStream(SseEmitter emitter, long sent, boolean reloadDue) {
            this.emitter = emitter;
            this.sent = sent;
            this.reloadDue = reloadDue;
        }
    }

    private final Map<String, Set<OpenStream>> byMember = new ConcurrentHashMap<>();
    private final MemberStreams memberStreams;
    private final NotificationProperties properties;
    private final int maxPerMember;
    private final Object wakeUp = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread poller;

    NotificationStreams(
            MemberStreams memberStreams,
            NotificationProperties properties,
            @Value("${notification.stream.max-per-member:5}") int maxPerMember) {
        this.memberStreams = memberStreams;
        this.properties = properties;
        this.maxPerMember = maxPerMember;
    }

    /**
     * Opens a stream, at most {@code notification.stream.max-per-member} per member on this instance (a browser tab
     * or two per device is plenty; forty would hold forty connections and threads): one more is 429.
     * {@code lastEventId} is the browser's {@code Last-Event-ID}, or null on a first connection, which gets only
     * what comes from now on (the inbox itself shows the rest).
     */
    SseEmitter open(String memberId, String lastEventId) {
        SseEmitter emitter = new SseEmitter(properties.stream().timeout().toMillis());
        OpenStream stream = startingAfter(memberId, lastEventId, emitter);
        boolean[] admitted = {false};
        byMember.compute(memberId, (id, streams) -> {
            Set<OpenStream> open = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            if (open.size() < maxPerMember) {
                open.add(stream);
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
        emitter.onCompletion(() -> remove(memberId, stream));
        emitter.onTimeout(() -> remove(memberId, stream));
        emitter.onError(error -> remove(memberId, stream));
        // a first comment commits the response, so the client knows the stream is open before anything happens
        send(memberId, stream, SseEmitter.event().comment("connected"));
        if (lastEventId != null) {
            wake(); // what the browser missed goes out now, not at the next poll
        }
        return emitter;
    }

    /**
     * Where a stream starts: after the browser's last event, or after the newest entry for a first connection.
     * An id this service never gave (not a number, or beyond the newest) cannot say what was missed: reload.
     */
    private OpenStream startingAfter(String memberId, String lastEventId, SseEmitter emitter) {
        long newest = memberStreams.find(memberId).seq();
        if (lastEventId == null || lastEventId.isBlank()) {
            return new OpenStream(emitter, newest, false);
        }
        try {
            long last = Long.parseLong(lastEventId.trim());
            if (last >= 0 && last <= newest) {
                return new OpenStream(emitter, last, false);
            }
        } catch (NumberFormatException notOurs) {
            // an id from before streams were numbered, or from a client that made one up
        }
        return new OpenStream(emitter, newest, true);
    }

    public int openStreams(String memberId) {
        return byMember.getOrDefault(memberId, Set.of()).size();
    }

    /** Asks the poller to look now: this instance has just appended an entry. */
    void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    /** One round: which open streams are behind their member's stream, and what each of them still needs. */
    void pollOnce() {
        if (byMember.isEmpty()) {
            return;
        }
        Map<String, Long> heads = memberStreams.heads(byMember.keySet());
        List<String> behind = byMember.entrySet().stream()
                .filter(open -> open.getValue().stream()
                        .anyMatch(stream -> stream.reloadDue || stream.sent < heads.getOrDefault(open.getKey(), 0L)))
                .map(Map.Entry::getKey)
                .toList();
        if (behind.isEmpty()) {
            return;
        }
        memberStreams.findAll(behind).forEach((memberId, held) -> {
            for (OpenStream stream : byMember.getOrDefault(memberId, Set.of())) {
                catchUp(memberId, stream, held);
            }
        });
        for (String memberId : behind) {
            byMember.getOrDefault(memberId, Set.of()).stream()
                    .filter(stream -> stream.reloadDue)
                    .forEach(stream -> catchUp(memberId, stream, MemberStreams.Held.empty(memberId)));
        }
    }

    private void catchUp(String memberId, OpenStream stream, MemberStreams.Held held) {
        if (stream.reloadDue || stream.sent + 1 < held.oldestHeld()) {
            // some of what the browser missed is held no more: it must fetch its inbox instead
            stream.reloadDue = false;
            send(memberId, stream, SseEmitter.event().name(RELOAD_EVENT).data("{\"reason\":\"missed entries\"}"));
        }
        for (MemberStreams.Entry entry : held.entries()) {
            if (entry.seq() > stream.sent) {
                if (!send(
                        memberId,
                        stream,
                        SseEmitter.event()
                                .id(Long.toString(entry.seq()))
                                .name(EVENT_NAME)
                                .data(entry.notification(), MediaType.APPLICATION_JSON))) {
                    return;
                }
                stream.sent = entry.seq();
            }
        }
    }

    private void pollUntilStopped() {
        long intervalMillis = Math.max(1, properties.stream().pollInterval().toMillis());
        while (running) {
            try {
                synchronized (wakeUp) {
                    if (!woken) {
                        wakeUp.wait(intervalMillis);
                    }
                    woken = false;
                }
                pollOnce();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException storeTrouble) {
                // the next round tries again; the browsers wait meanwhile, they lose nothing
                log.warn("live stream poll failed: {}", storeTrouble.toString());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        poller = new Thread(this::pollUntilStopped, "notification-stream-poller");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Comments keep proxies and load balancers from closing idle streams, and find streams whose client left. */
    @Scheduled(fixedDelayString = "${notification.stream.keep-alive:15s}")
    void keepAlive() {
        byMember.forEach((memberId, streams) -> streams.forEach(
                stream -> send(memberId, stream, SseEmitter.event().comment("keep-alive"))));
    }

    /**
     * Streams never finish by themselves, and the web server's graceful shutdown waits for open requests:
     * ending them when the context closes (before the server stops) lets clients reconnect elsewhere at once.
     */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        byMember.values().forEach(streams -> streams.forEach(stream -> stream.emitter.complete()));
        byMember.clear();
    }

    private boolean send(String memberId, OpenStream stream, SseEmitter.SseEventBuilder event) {
        try {
            stream.emitter.send(event);
            return true;
        } catch (IOException | IllegalStateException gone) {
            log.debug("stream of member {} is gone: {}", memberId, gone.toString());
            remove(memberId, stream);
            stream.emitter.completeWithError(gone);
            return false;
        }
    }

    private void remove(String memberId, OpenStream stream) {
        byMember.computeIfPresent(memberId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }
}
