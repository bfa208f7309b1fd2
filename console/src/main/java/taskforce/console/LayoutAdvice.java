package taskforce.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.client.RestClientException;

/**
 * Every page's layout shows who is signed in and, for members, how many notifications are unread; and every page
 * says times in the reader's zone ({@code times}), which the browser names in the {@value #ZONE_COOKIE} cookie.
 */
@ControllerAdvice
class LayoutAdvice {

    /** Set by console.js from the browser's own zone; without it (no JavaScript yet, or none at all) times are UTC. */
    static final String ZONE_COOKIE = "tz";

    private final Services.Clients services;
    private final Clock clock;

    LayoutAdvice(Services.Clients services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @ModelAttribute
    void layout(
            @AuthenticationPrincipal OidcUser principal,
            @CookieValue(name = ZONE_COOKIE, required = false) String zone,
            HttpServletRequest request,
            Model model) {
        model.addAttribute("times", new TimeInWords(clock, TimeInWords.zoneNamed(zone)));
        // a page answering a form post is not reloaded for the zone: a reload would post the form again
        model.addAttribute("zoneReloadable", "GET".equals(request.getMethod()));
        if (principal == null) {
            return;
        }
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        model.addAttribute("user", user);
        if (user.memberId() != null) {
            model.addAttribute("unreadCount", unread(user.memberId()));
        }
    }

    /** The reader's times, for a page that says times outside its template (the timeline's sentences). */
    static TimeInWords times(Model model) {
        return (TimeInWords) model.getAttribute("times");
    }

    /** The header still renders when notification-service is away; the live stream fills the count in later. */
    private String unread(String memberId) {
        try {
            // one read by id at notification-service, not the list of everything unread
            Map<String, Object> counted = services.notifications()
                    .get()
                    .uri("/api/members/{member}/notifications/unread-count", memberId)
                    .retrieve()
                    .body(Services.OBJECT);
            return String.valueOf(counted == null ? 0 : counted.getOrDefault("unread", 0));
        } catch (RestClientException notAvailable) {
            return "?";
        }
    }
}
