package taskforce.console;

import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.client.RestClientException;

/** Every page's layout shows who is signed in and, for members, how many notifications are unread. */
@ControllerAdvice
class LayoutAdvice {

    private final Services.Clients services;

    LayoutAdvice(Services.Clients services) {
        this.services = services;
    }

    @ModelAttribute
    void layout(@AuthenticationPrincipal OidcUser principal, Model model) {
        if (principal == null) {
            return;
        }
        SignedInUser user = SignedInUser.of(principal);
        model.addAttribute("user", user);
        if (user.memberId() != null) {
            model.addAttribute("unreadCount", unread(user.memberId()));
        }
    }

    /** The header still renders when notification-service is away; the live stream fills the count in later. */
    private String unread(String memberId) {
        try {
            List<Map<String, Object>> unread = services.notifications()
                    .get()
                    .uri("/api/members/{member}/notifications?unread=true", memberId)
                    .retrieve()
                    .body(Services.LIST);
            return String.valueOf(unread == null ? 0 : unread.size());
        } catch (RestClientException notAvailable) {
            return "?";
        }
    }
}
