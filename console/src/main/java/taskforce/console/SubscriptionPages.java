package taskforce.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An agency administrator's subscriptions and the log of each one's deliveries. */
@Controller
class SubscriptionPages {

    private final Services.Clients services;

    SubscriptionPages(Services.Clients services) {
        this.services = services;
    }

    @GetMapping("/subscriptions")
    String subscriptions(Model model) {
        model.addAttribute(
                "subscriptions",
                services.notifications()
                        .get()
                        .uri("/api/subscriptions")
                        .retrieve()
                        .body(Services.LIST));
        List<Map<String, Object>> taskForces;
        try {
            taskForces =
                    services.cases().get().uri("/api/task-forces").retrieve().body(Services.LIST);
        } catch (RestClientResponseException notAvailable) {
            taskForces = List.of();
        }
        model.addAttribute("taskForces", taskForces);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "subscriptions";
    }

    @PostMapping("/subscriptions")
    String subscribe(
            @RequestParam(defaultValue = "TASK_FORCE") String scopeKind,
            @RequestParam(required = false) String taskForceId,
            @RequestParam(required = false) String caseId,
            @RequestParam String channelType,
            @RequestParam(required = false) String url,
            @RequestParam(required = false) String address,
            @RequestParam(required = false) String memberId,
            RedirectAttributes redirect) {
        Map<String, Object> scope = new LinkedHashMap<>();
        if ("CASE".equals(scopeKind)) {
            scope.put("caseId", caseId);
        } else {
            scope.put("taskForceId", taskForceId);
        }
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("type", channelType);
        switch (channelType) {
            case "WEBHOOK" -> channel.put("url", url);
            case "EMAIL" -> channel.put("address", address);
            default -> channel.put("memberId", memberId);
        }
        try {
            Map<String, Object> created = services.notifications()
                    .post()
                    .uri("/api/subscriptions")
                    .body(Map.of("scope", scope, "channel", channel))
                    .retrieve()
                    .body(Services.OBJECT);
            redirect.addFlashAttribute("message", "Subscription " + created.get("id") + " created.");
            if (created.get("channel") instanceof Map<?, ?> saved && saved.get("secret") != null) {
                // the service answers with the secret this once; it is never shown again
                redirect.addFlashAttribute("secret", saved.get("secret"));
            }
        } catch (RestClientResponseException refused) {
            Services.flashRefusal(redirect, refused, "");
        }
        return "redirect:/subscriptions";
    }

    @PostMapping("/subscriptions/{id}/delete")
    String unsubscribe(@PathVariable String id, RedirectAttributes redirect) {
        try {
            services.notifications()
                    .delete()
                    .uri("/api/subscriptions/{id}", id)
                    .retrieve()
                    .toBodilessEntity();
            redirect.addFlashAttribute("message", "Subscription " + id + " deleted.");
        } catch (RestClientResponseException refused) {
            redirect.addFlashAttribute("problem", FlashedRefusal.of(Services.problem(refused)));
        }
        return "redirect:/subscriptions";
    }

    @GetMapping("/subscriptions/{id}/deliveries")
    String deliveries(@PathVariable String id, Model model) {
        model.addAttribute(
                "subscription",
                services.notifications()
                        .get()
                        .uri("/api/subscriptions/{id}", id)
                        .retrieve()
                        .body(Services.OBJECT));
        model.addAttribute(
                "deliveries",
                services.notifications()
                        .get()
                        .uri("/api/deliveries?subscriptionId={id}", id)
                        .retrieve()
                        .body(Services.LIST));
        return "deliveries";
    }
}
