package taskforce.console;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page sends each person where their work is. */
@Controller
class HomePages {

    @GetMapping("/")
    String home(@AuthenticationPrincipal OidcUser principal) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        if (user.isCoordinator()) {
            return "redirect:/cases";
        }
        if (user.canSubmitLeads()) {
            return "redirect:/leads";
        }
        if (user.isAgencyAdmin()) {
            return "redirect:/subscriptions";
        }
        return "redirect:/results";
    }

    @GetMapping("/signed-out")
    String signedOut() {
        return "signed-out";
    }
}
