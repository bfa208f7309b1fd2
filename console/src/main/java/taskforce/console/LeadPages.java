package taskforce.console;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.SubjectRole;

/** An officer's pages: submit a lead, follow the agency's leads, and the cases they are assigned to. */
@Controller
class LeadPages {

    private final Services.Clients services;

    LeadPages(Services.Clients services) {
        this.services = services;
    }

    @GetMapping("/leads/new")
    String newLead(@AuthenticationPrincipal OidcUser principal, Model model) {
        LeadForm form = new LeadForm();
        List<String> taskForces = SecurityConfiguration.signedInUser(principal).taskForceIds();
        if (taskForces.size() == 1) {
            form.setTaskForceId(taskForces.get(0));
        }
        form.getSubjects().add(new LeadForm.SubjectRow());
        form.getIdentifiers().add(new LeadForm.IdentifierRow());
        return leadForm(form, Map.of(), null, model);
    }

    /**
     * One form, three buttons: "add subject" and "add identifier" send the form back with one more row (htmx swaps
     * only the form, without JavaScript the page reloads), "submit" sends the lead to intake.
     */
    @PostMapping("/leads/new")
    String submitLead(
            @ModelAttribute("form") LeadForm form,
            @RequestParam(defaultValue = "submit") String action,
            Model model,
            RedirectAttributes redirect) {
        switch (action) {
            case "add-subject" -> {
                form.getSubjects().add(new LeadForm.SubjectRow());
                return leadForm(form, Map.of(), null, model);
            }
            case "add-identifier" -> {
                form.getIdentifiers().add(new LeadForm.IdentifierRow());
                return leadForm(form, Map.of(), null, model);
            }
            default -> {
                // submitted below
            }
        }
        try {
            ResponseEntity<Map<String, Object>> answer = services.intake()
                    .post()
                    .uri("/api/leads")
                    .header("Idempotency-Key", form.getIdempotencyKey())
                    .body(form.toRequest())
                    .retrieve()
                    .toEntity(Services.OBJECT);
            Map<String, Object> lead = answer.getBody();
            boolean duplicate = lead != null && Boolean.TRUE.equals(lead.get("duplicate"));
            redirect.addFlashAttribute(
                    "message",
                    duplicate
                            ? "Your agency sent this reference before: lead " + lead.get("leadId") + " stands."
                            : "Lead " + (lead == null ? "" : lead.get("leadId")) + " received; triage follows.");
            return "redirect:/leads";
        } catch (RestClientResponseException refused) {
            ServiceProblem problem = Services.problem(refused);
            return leadForm(form, problem.fieldErrors(), problem, model);
        }
    }

    private static String leadForm(LeadForm form, Map<String, String> errors, ServiceProblem problem, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("subjectRoles", SubjectRole.values());
        model.addAttribute("identifierTypes", IdentifierType.values());
        return "lead-form";
    }

    @GetMapping("/leads")
    String leads(@RequestParam(defaultValue = "0") int page, Model model) {
        Map<String, Object> leads = services.intake()
                .get()
                .uri("/api/leads?page={page}&size=20", page)
                .retrieve()
                .body(Services.OBJECT);
        model.addAttribute("leads", leads);
        model.addAttribute("page", page);
        return "leads";
    }

    /**
     * A lead in full, for its own agency: intake answers 404 to anyone else, and so does this page. A lead whose
     * case was purged is gone (410): its agency is told so and when, since nothing else of it is left to show.
     */
    @GetMapping("/leads/{leadId}")
    String lead(@PathVariable String leadId, Model model, HttpServletResponse response) {
        model.addAttribute("purged", null);
        try {
            Map<String, Object> lead = services.intake()
                    .get()
                    .uri("/api/leads/{id}", leadId)
                    .retrieve()
                    .body(Services.OBJECT);
            model.addAttribute("lead", lead);
            model.addAttribute("place", place(lead));
        } catch (RestClientResponseException refused) {
            response.setStatus(refused.getStatusCode().value());
            model.addAttribute("lead", null);
            if (refused.getStatusCode().value() == HttpServletResponse.SC_GONE) {
                model.addAttribute("purged", Services.body(refused));
            }
        }
        return "lead";
    }

    /** Address, city and state as far as the lead gives them, or null. */
    private static String place(Map<String, Object> lead) {
        if (lead == null || !(lead.get("location") instanceof Map<?, ?> location)) {
            return null;
        }
        String place = Stream.of("address", "city", "state")
                .map(location::get)
                .filter(part -> part != null && !part.toString().isBlank())
                .map(Object::toString)
                .collect(Collectors.joining(", "));
        return place.isEmpty() ? null : place;
    }

    @GetMapping("/my-cases")
    String myCases(@AuthenticationPrincipal OidcUser principal, Model model) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        Map<String, Object> cases = user.memberId() == null
                ? Map.of("content", List.of(), "totalElements", 0)
                : services.cases()
                        .get()
                        .uri("/api/cases?assigneeId={member}&size=100", user.memberId())
                        .retrieve()
                        .body(Services.OBJECT);
        model.addAttribute("cases", cases);
        return "my-cases";
    }
}
