package taskforce.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The inbox, and the live count in every page's header: the browser's EventSource opens {@code /inbox/stream}
 * here; the console opens the member's stream at notification-service with the member's token and relays each
 * notification as a new count. The token never reaches the browser.
 */
@Controller
class InboxPages implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InboxPages.class);
    private static final long STREAM_TIMEOUT_MILLIS = Duration.ofMinutes(30).toMillis();

    private final Services.Clients services;
    private final ConsoleProperties properties;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One reader per open browser stream, each blocked on its upstream most of the time. */
    private final ExecutorService relays = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "inbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    InboxPages(Services.Clients services, ConsoleProperties properties) {
        this.services = services;
        this.properties = properties;
    }

    @GetMapping("/inbox")
    String inbox(@AuthenticationPrincipal OidcUser principal, Model model) {
        SignedInUser user = SignedInUser.of(principal);
        List<Map<String, Object>> notifications = user.memberId() == null
                ? List.of()
                : services.notifications()
                        .get()
                        .uri("/api/members/{member}/notifications", user.memberId())
                        .retrieve()
                        .body(Services.LIST);
        model.addAttribute("notifications", notifications);
        return "inbox";
    }

    /** Opening a notification marks it read and opens its case. */
    @PostMapping("/inbox/{notificationId}/open")
    String open(@AuthenticationPrincipal OidcUser principal, @PathVariable String notificationId) {
        SignedInUser user = SignedInUser.of(principal);
        Map<String, Object> notification = services.notifications()
                .post()
                .uri("/api/members/{member}/notifications/{id}/read", user.memberId(), notificationId)
                .retrieve()
                .body(Services.OBJECT);
        Object caseId = notification == null ? null : notification.get("caseId");
        return caseId == null ? "redirect:/inbox" : "redirect:/cases/" + caseId;
    }

    @GetMapping(path = "/inbox/stream", produces = "text/event-stream")
    SseEmitter stream(
            @AuthenticationPrincipal OidcUser principal,
            @RegisteredOAuth2AuthorizedClient(SecurityConfiguration.REGISTRATION) OAuth2AuthorizedClient client,
            HttpServletRequest browser) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        SignedInUser user = SignedInUser.of(principal);
        if (user.memberId() == null) {
            emitter.complete();
            return emitter;
        }
        AtomicInteger unread = new AtomicInteger(unreadCount(user.memberId()));
        send(emitter, SseEmitter.event().name("count").data(unread.get()));
        String token = client.getAccessToken().getTokenValue();
        AtomicReference<InputStream> upstream = new AtomicReference<>();
        Runnable closeUpstream = () -> closeQuietly(upstream.get());
        emitter.onCompletion(closeUpstream);
        emitter.onTimeout(closeUpstream);
        emitter.onError(error -> closeUpstream.run());
        String personsAddress = browser.getRemoteAddr();
        relays.execute(() -> relay(user.memberId(), token, personsAddress, emitter, unread, upstream));
        return emitter;
    }

    private void relay(
            String memberId,
            String token,
            String personsAddress,
            SseEmitter emitter,
            AtomicInteger unread,
            AtomicReference<InputStream> upstream) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        properties.notificationsUrl() + "/api/members/" + memberId + "/notifications/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                // as for every other call to the services (Services), the stream's reader is the person
                .header(Services.FORWARDED_FOR, personsAddress)
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            upstream.set(response.body());
            if (response.statusCode() != 200) {
                emitter.complete();
                return;
            }
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        send(emitter, SseEmitter.event().name("count").data(unread.incrementAndGet()));
                    } else if (line.startsWith(":")) {
                        // the service's keep-alive: passing it on finds a browser that left
                        send(emitter, SseEmitter.event().comment("keep-alive"));
                    }
                }
            }
            // the service ended the stream (it stops, or the token expired): the browser reconnects by itself
            emitter.complete();
        } catch (IOException | IllegalStateException browserOrServiceGone) {
            log.debug("inbox relay for {} ended: {}", memberId, browserOrServiceGone.toString());
            emitter.completeWithError(browserOrServiceGone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
    }

    private int unreadCount(String memberId) {
        List<Map<String, Object>> unread = services.notifications()
                .get()
                .uri("/api/members/{member}/notifications?unread=true", memberId)
                .retrieve()
                .body(Services.LIST);
        return unread == null ? 0 : unread.size();
    }

    private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException browserGone) {
            throw new IllegalStateException("the browser left", browserGone);
        }
    }

    private static void closeQuietly(InputStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException ignored) {
            // closing to end the relay; nothing left to do
        }
    }

    @Override
    public void destroy() {
        relays.shutdownNow();
    }
}
