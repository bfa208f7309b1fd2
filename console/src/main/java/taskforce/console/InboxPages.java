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
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The inbox, and the live count in every page's header: the browser's EventSource opens {@code /inbox/stream}
 * here; the console opens the member's stream at notification-service with the member's token and relays each
 * notification as a new count. The token never reaches the browser.
 */
@Controller
class InboxPages implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InboxPages.class);
    static final String LAST_EVENT_ID = "Last-Event-ID";
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

    /** Calls made by relays, which outlive the browser's request and so carry the stream's token themselves. */
    private final RestClient relayCalls;

    InboxPages(Services.Clients services, ConsoleProperties properties) {
        this.services = services;
        this.properties = properties;
        this.relayCalls = RestClient.builder()
                .baseUrl(properties.notificationsUrl())
                .requestFactory(new JdkClientHttpRequestFactory())
                .build();
    }

    /** notification-service's largest page. */
    static final int PAGE_SIZE = 50;

    @GetMapping("/inbox")
    String inbox(
            @AuthenticationPrincipal OidcUser principal,
            @RequestParam(defaultValue = "all") String show,
            @RequestParam(required = false) String caseId,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        boolean unreadOnly = "unread".equals(show);
        String theCase = caseId == null || caseId.isBlank() ? null : caseId;
        Map<String, Object> found = Map.of();
        List<Map<String, Object>> cases = List.of();
        if (user.memberId() != null) {
            UriComponentsBuilder query = UriComponentsBuilder.fromPath("/api/members/{member}/notifications/page")
                    .queryParam("unread", unreadOnly)
                    .queryParam("page", Math.max(page, 0))
                    .queryParam("size", PAGE_SIZE);
            if (theCase != null) {
                query.queryParam("caseId", theCase);
            }
            found = services.notifications()
                    .get()
                    .uri(query.buildAndExpand(user.memberId()).encode().toUri())
                    .retrieve()
                    .body(Services.OBJECT);
            cases = services.notifications()
                    .get()
                    .uri("/api/members/{member}/notifications/by-case?unread={unread}", user.memberId(), unreadOnly)
                    .retrieve()
                    .body(Services.LIST);
        }
        long total = found == null ? 0 : ((Number) found.getOrDefault("totalElements", 0)).longValue();
        model.addAttribute("notifications", CasePages.items(found));
        model.addAttribute("cases", cases == null ? List.of() : cases);
        model.addAttribute("total", total);
        model.addAttribute("page", Math.max(page, 0));
        model.addAttribute("pages", (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("show", unreadOnly ? "unread" : "all");
        model.addAttribute("caseId", theCase);
        return "inbox";
    }

    /** Marks every unread notification read, or those of one case, and shows the inbox again. */
    @PostMapping("/inbox/read-all")
    String readAll(
            @AuthenticationPrincipal OidcUser principal,
            @RequestParam(required = false) String caseId,
            RedirectAttributes redirect) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        String theCase = caseId == null || caseId.isBlank() ? null : caseId;
        UriComponentsBuilder query = UriComponentsBuilder.fromPath("/api/members/{member}/notifications/read-all");
        if (theCase != null) {
            query.queryParam("caseId", theCase);
        }
        Map<String, Object> marked = services.notifications()
                .post()
                .uri(query.buildAndExpand(user.memberId()).encode().toUri())
                .retrieve()
                .body(Services.OBJECT);
        Object count = marked == null ? 0 : marked.getOrDefault("marked", 0);
        redirect.addFlashAttribute("message", "Marked " + count + " read.");
        return theCase == null ? "redirect:/inbox" : "redirect:/inbox?caseId=" + theCase;
    }

    /** Opening a notification marks it read and opens its case. */
    @PostMapping("/inbox/{notificationId}/open")
    String open(@AuthenticationPrincipal OidcUser principal, @PathVariable String notificationId) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
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
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
            HttpServletRequest browser) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
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
        relays.execute(() -> relay(user.memberId(), token, personsAddress, lastEventId, emitter, unread, upstream));
        return emitter;
    }

    private void relay(
            String memberId,
            String token,
            String personsAddress,
            String lastEventId,
            SseEmitter emitter,
            AtomicInteger unread,
            AtomicReference<InputStream> upstream) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        properties.notificationsUrl() + "/api/members/" + memberId + "/notifications/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                // as for every other call to the services (Services), the stream's reader is the person
                .header(Services.FORWARDED_FOR, personsAddress);
        if (lastEventId != null && !lastEventId.isBlank()) {
            // the browser's EventSource reconnects with the id of the last count it got, which is the service's
            // own event id: the service sends what the browser missed meanwhile
            request.header(LAST_EVENT_ID, lastEventId);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            upstream.set(response.body());
            if (response.statusCode() != 200) {
                emitter.complete();
                return;
            }
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                String eventId = null;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        eventId = line.substring("id:".length()).trim();
                    } else if (line.startsWith("data:")) {
                        // a replay after a reconnect repeats entries the count read at opening already holds, and
                        // a "reload" says entries were missed: the count is read again rather than added up
                        unread.set(freshUnreadCount(memberId, token, personsAddress)
                                .orElse(unread.get() + 1));
                        SseEmitter.SseEventBuilder count =
                                SseEmitter.event().name("count").data(unread.get());
                        send(emitter, eventId == null ? count : count.id(eventId));
                        eventId = null;
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

    /**
     * The count as notification-service holds it now, read on the relay's thread with the stream's own token (the
     * request's clients are bound to the browser's request, which a relay outlives); empty if it cannot be read.
     */
    private OptionalInt freshUnreadCount(String memberId, String token, String personsAddress) {
        try {
            Map<String, Object> counted = relayCalls
                    .get()
                    .uri("/api/members/{member}/notifications/unread-count", memberId)
                    .header("Authorization", "Bearer " + token)
                    .header(Services.FORWARDED_FOR, personsAddress)
                    .retrieve()
                    .body(Services.OBJECT);
            return counted != null && counted.get("unread") instanceof Number unread
                    ? OptionalInt.of(unread.intValue())
                    : OptionalInt.empty();
        } catch (RestClientException unreadable) {
            log.debug("unread count for {} not read: {}", memberId, unreadable.toString());
            return OptionalInt.empty();
        }
    }

    /** One read by id at notification-service, as for every page's header (LayoutAdvice). */
    int unreadCount(String memberId) {
        Map<String, Object> counted = services.notifications()
                .get()
                .uri("/api/members/{member}/notifications/unread-count", memberId)
                .retrieve()
                .body(Services.OBJECT);
        return counted == null ? 0 : ((Number) counted.getOrDefault("unread", 0)).intValue();
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
