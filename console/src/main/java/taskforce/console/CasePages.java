package taskforce.console;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.cases.SeizureCategory;
import taskforce.contracts.cases.SeizureUnit;
import taskforce.contracts.lead.Priority;

/** The coordinator's case board and the case page with everything one does to a case. */
@Controller
class CasePages {

    static final int BOARD_PAGE_SIZE = 20;
    /** case-service's largest page, which the merge form's choice of cases is read in. */
    static final int MERGE_CANDIDATES = 200;
    /** The orders case-service offers; anything else falls back to newest first. */
    private static final Set<String> SORTS = Set.of("opened", "number", "priority", "status");

    private final Services.Clients services;
    private final Clock clock;

    CasePages(Services.Clients services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @GetMapping("/cases")
    String board(
            @AuthenticationPrincipal OidcUser principal,
            @RequestParam(required = false) String taskForceId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) String assigneeId,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "opened") String sort,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        String taskForce = blankToNull(taskForceId);
        if (taskForce == null && !user.taskForceIds().isEmpty()) {
            taskForce = user.taskForceIds().get(0);
        }
        String order = SORTS.contains(sort) ? sort : "opened";
        // filtering, ordering and paging all happen in case-service, so the board holds however many cases there are
        UriComponentsBuilder query = UriComponentsBuilder.fromPath("/api/cases")
                .queryParam("size", BOARD_PAGE_SIZE)
                .queryParam("page", Math.max(page, 0))
                .queryParam("sort", order);
        addIfPresent(query, "taskForceId", taskForce);
        addIfPresent(query, "status", blankToNull(status));
        addIfPresent(query, "priority", blankToNull(priority));
        addIfPresent(query, "assigneeId", blankToNull(assigneeId));
        addIfPresent(query, "q", blankToNull(q == null ? null : q.strip()));
        Map<String, Object> found = services.cases()
                .get()
                // encoded here and passed as a URI, so a value is never read as a template or as more parameters
                .uri(query.build().encode().toUri())
                .retrieve()
                .body(Services.OBJECT);
        long total = ((Number) found.getOrDefault("totalElements", 0)).longValue();
        int pages = (int) Math.max(1, (total + BOARD_PAGE_SIZE - 1) / BOARD_PAGE_SIZE);
        model.addAttribute("cases", items(found));
        model.addAttribute("unreadByCase", unreadByCase(user.memberId()));
        model.addAttribute("total", total);
        model.addAttribute("page", Math.max(page, 0));
        model.addAttribute("pages", pages);
        model.addAttribute("taskForceId", taskForce);
        model.addAttribute("status", status);
        model.addAttribute("priority", priority);
        model.addAttribute("assigneeId", assigneeId);
        model.addAttribute("q", blankToNull(q));
        model.addAttribute("sort", order);
        model.addAttribute("statuses", CaseStatus.values());
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("members", taskForce == null ? List.of() : members(taskForce));
        return "cases";
    }

    @GetMapping("/cases/{caseId}")
    String casePage(
            @AuthenticationPrincipal OidcUser principal,
            @PathVariable String caseId,
            Model model,
            HttpServletResponse response) {
        Map<String, Object> theCase;
        try {
            theCase = services.cases()
                    .get()
                    .uri("/api/cases/{id}", caseId)
                    .retrieve()
                    .body(Services.OBJECT);
        } catch (RestClientResponseException refused) {
            return gone(refused, model, response);
        }
        model.addAttribute("caseFile", theCase);
        String taskForceId = text(theCase, "taskForceId");
        List<Map<String, Object>> members = members(taskForceId);
        List<Map<String, Object>> taskForces = directory("/api/task-forces");
        Names names = Names.of(members, directory("/api/agencies"), taskForces);
        model.addAttribute("names", names);
        boolean merged = CaseStatus.MERGED.name().equals(text(theCase, "status"));
        model.addAttribute("merged", merged);
        if (merged) {
            model.addAttribute("survivor", survivor(text(theCase, "mergedInto")));
        }
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        // only a coordinator of the case's own task force is offered these; case-service still decides
        boolean coordinatesIt =
                !merged && user.isCoordinator() && user.taskForceIds().contains(taskForceId);
        model.addAttribute("coordinatesIt", coordinatesIt);
        model.addAttribute("reviewOverdue", ReviewPages.overdue(theCase.get("reviewDueAt"), clock.instant()));
        if (!model.containsAttribute("reviewForm")) {
            model.addAttribute("reviewForm", new ReviewForm(null, null, null));
        }
        if (coordinatesIt) {
            model.addAttribute(
                    "otherTaskForces",
                    taskForces.stream()
                            .filter(taskForce -> !taskForceId.equals(text(taskForce, "id")))
                            .toList());
            model.addAttribute("mergeCandidates", mergeCandidates(taskForceId, caseId));
        }
        List<Map<String, Object>> timeline = orEmpty(() -> services.cases()
                .get()
                .uri("/api/cases/{id}/timeline", caseId)
                .retrieve()
                .body(Services.LIST));
        model.addAttribute("timeline", new TimelineSentences(names, LayoutAdvice.times(model)).lines(timeline));
        List<LinkedLeads.LinkedLead> linkedLeads = LinkedLeads.of(
                timeline, SecurityConfiguration.signedInUser(principal).agencyId(), this::ownLead);
        model.addAttribute("linkedLeads", linkedLeads);
        List<Map<String, Object>> operations = orEmpty(() -> services.cases()
                .get()
                .uri("/api/operations?caseId={id}", caseId)
                .retrieve()
                .body(Services.LIST));
        model.addAttribute("operations", operations);
        model.addAttribute(
                "caseMap",
                caseMap(operations, linkedLeads, LayoutAdvice.times(model)).svg());
        model.addAttribute("operationTypes", OPERATION_TYPES);
        model.addAttribute(
                "hits",
                orEmpty(() -> services.cases()
                        .get()
                        .uri("/api/cases/{id}/deconfliction", caseId)
                        .retrieve()
                        .body(Services.LIST)));
        model.addAttribute("members", members);
        model.addAttribute(
                "outcomes",
                listOf(theCase, "outcomes").stream().map(OutcomeWords::of).toList());
        model.addAttribute("assignmentRoles", AssignmentRole.values());
        model.addAttribute("outcomeTypes", OutcomeType.values());
        model.addAttribute("seizureCategories", SeizureCategory.values());
        model.addAttribute("seizureUnits", SeizureUnit.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "case";
    }

    @PostMapping("/cases/{caseId}/assignments")
    String assign(
            @PathVariable String caseId,
            @RequestParam String memberId,
            @RequestParam String role,
            RedirectAttributes redirect) {
        return act(
                caseId,
                redirect,
                "Assigned " + memberId + ".",
                () -> services.cases()
                        .post()
                        .uri("/api/cases/{id}/assignments", caseId)
                        .body(Map.of("memberId", memberId, "role", role))
                        .retrieve()
                        .toBodilessEntity());
    }

    @PostMapping("/cases/{caseId}/assignments/{memberId}/remove")
    String unassign(@PathVariable String caseId, @PathVariable String memberId, RedirectAttributes redirect) {
        return act(
                caseId,
                redirect,
                "Unassigned " + memberId + ".",
                () -> services.cases()
                        .delete()
                        .uri("/api/cases/{id}/assignments/{member}", caseId, memberId)
                        .retrieve()
                        .toBodilessEntity());
    }

    @PostMapping("/cases/{caseId}/status")
    String changeStatus(
            @PathVariable String caseId,
            @RequestParam String status,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (blankToNull(reason) != null) {
            body.put("reason", reason);
        }
        return act(
                caseId,
                redirect,
                "The case is now " + status + ".",
                () -> services.cases()
                        .post()
                        .uri("/api/cases/{id}/status", caseId)
                        .body(body)
                        .retrieve()
                        .toBodilessEntity());
    }

    @PostMapping("/cases/{caseId}/notes")
    String addNote(@PathVariable String caseId, @RequestParam String text, RedirectAttributes redirect) {
        return act(
                caseId,
                redirect,
                "Note added.",
                () -> services.cases()
                        .post()
                        .uri("/api/cases/{id}/notes", caseId)
                        .body(Map.of("text", text))
                        .retrieve()
                        .toBodilessEntity());
    }

    @PostMapping("/cases/{caseId}/outcomes")
    String recordOutcome(
            @PathVariable String caseId,
            @RequestParam String type,
            @RequestParam(required = false) Integer count,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) BigDecimal quantity,
            @RequestParam(required = false) String unit,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (count != null) {
            body.put("count", count);
        }
        if ("SEIZURE".equals(type)) {
            Map<String, Object> seizure = new LinkedHashMap<>();
            seizure.put("category", blankToNull(category));
            seizure.put("quantity", quantity);
            seizure.put("unit", blankToNull(unit));
            body.put("seizure", seizure);
        }
        return act(
                caseId,
                redirect,
                "Outcome recorded.",
                () -> services.cases()
                        .post()
                        .uri("/api/cases/{id}/outcomes", caseId)
                        .body(body)
                        .retrieve()
                        .toBodilessEntity());
    }

    @PostMapping("/cases/{caseId}/deconfliction/{hitId}")
    String resolveHit(
            @PathVariable String caseId,
            @PathVariable String hitId,
            @RequestParam String resolution,
            RedirectAttributes redirect) {
        return act(
                caseId,
                redirect,
                "Hit marked " + resolution + ".",
                () -> services.cases()
                        .post()
                        .uri("/api/cases/{id}/deconfliction/{hit}", caseId, hitId)
                        .body(Map.of("resolution", resolution))
                        .retrieve()
                        .toBodilessEntity());
    }

    /**
     * Registers an operation planned for the case. The window is typed in the reader's zone (the form's
     * datetime-local fields carry no zone) and sent as instants; case-service's refusals come back at the fields
     * named as its API names them ({@code location.latitude}, {@code contact.phone} …).
     */
    @PostMapping("/cases/{caseId}/operations")
    String registerOperation(
            @PathVariable String caseId,
            @RequestParam String type,
            @RequestParam(required = false) String latitude,
            @RequestParam(required = false) String longitude,
            @RequestParam(required = false) String radiusMeters,
            @RequestParam(required = false) String startsAt,
            @RequestParam(required = false) String endsAt,
            @RequestParam(required = false) String contactName,
            @RequestParam(required = false) String contactPhone,
            Model model,
            RedirectAttributes redirect) {
        ZoneId zone = ZoneId.of(LayoutAdvice.times(model).zoneId());
        Map<String, String> unreadable = new LinkedHashMap<>();
        Instant starts = instantIn(zone, startsAt, "startsAt", unreadable);
        Instant ends = instantIn(zone, endsAt, "endsAt", unreadable);
        // read here rather than bound as numbers: a value that is no number is the reader's to fix at its field,
        // not a bare 400 page that loses the form
        Double at = numberIn(latitude, "location.latitude", "a number of degrees, as 29.7604", unreadable);
        Double along = numberIn(longitude, "location.longitude", "a number of degrees, as -95.3698", unreadable);
        Double radius = numberIn(radiusMeters, "location.radiusMeters", "a whole number of metres", unreadable);
        if (radius != null && radius != Math.rint(radius)) {
            unreadable.put("location.radiusMeters", "a whole number of metres");
        }
        if (!unreadable.isEmpty()) {
            redirect.addFlashAttribute("errors", unreadable);
            return "redirect:/cases/" + caseId + "#operations-heading";
        }
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("latitude", at);
        location.put("longitude", along);
        location.put("radiusMeters", radius == null ? null : radius.intValue());
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("name", blankToNull(contactName));
        contact.put("phone", blankToNull(contactPhone));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caseId", caseId);
        body.put("type", type);
        body.put("location", location);
        body.put("startsAt", starts == null ? null : starts.toString());
        body.put("endsAt", ends == null ? null : ends.toString());
        body.put("contact", contact);
        try {
            Map<String, Object> registered = services.cases()
                    .post()
                    .uri("/api/operations")
                    .body(body)
                    .retrieve()
                    .body(Services.OBJECT);
            redirect.addFlashAttribute("message", registeredMessage(registered));
        } catch (RestClientResponseException refused) {
            Services.flashRefusal(redirect, refused, "");
        }
        return "redirect:/cases/" + caseId;
    }

    /** The kinds case-service plans (it refuses any other, naming {@code type}), in the form's order, in words. */
    static final Map<String, String> OPERATION_TYPES = orderedLabels();

    private static Map<String, String> orderedLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("SEARCH_WARRANT", "Search warrant");
        labels.put("SURVEILLANCE", "Surveillance");
        labels.put("UNDERCOVER_MEETING", "Undercover meeting");
        labels.put("ARREST", "Arrest");
        return java.util.Collections.unmodifiableMap(labels);
    }

    private static String registeredMessage(Map<String, Object> registered) {
        List<Map<String, Object>> conflicts = listOf(registered, "conflicts");
        if (conflicts.isEmpty()) {
            return "Operation registered; it overlaps no other operation.";
        }
        StringBuilder message = new StringBuilder("Operation registered. It overlaps ")
                .append(conflicts.size() == 1 ? "an operation" : conflicts.size() + " operations")
                .append(" of another task force: call ");
        for (int i = 0; i < conflicts.size(); i++) {
            Map<String, Object> c = conflicts.get(i);
            message.append(i == 0 ? "" : "; ")
                    .append(text(c, "otherContactName"))
                    .append(" (")
                    .append(text(c, "otherContactPhone"))
                    .append(", ")
                    .append(text(c, "otherTaskForceId"))
                    .append(')');
        }
        return message.append('.').toString();
    }

    private static Double numberIn(String typed, String field, String expected, Map<String, String> unreadable) {
        if (typed == null || typed.isBlank()) {
            return null; // case-service names the missing field
        }
        try {
            double value = Double.parseDouble(typed.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered at the field below
        }
        unreadable.put(field, expected);
        return null;
    }

    private static Instant instantIn(ZoneId zone, String local, String field, Map<String, String> unreadable) {
        if (local == null || local.isBlank()) {
            return null; // case-service names the missing field
        }
        try {
            return LocalDateTime.parse(local).atZone(zone).toInstant();
        } catch (DateTimeParseException notATime) {
            unreadable.put(field, "a date and time, as 2026-12-01T04:00");
            return null;
        }
    }

    private static CaseMap caseMap(
            List<Map<String, Object>> operations, List<LinkedLeads.LinkedLead> leads, TimeInWords times) {
        List<CaseMap.Circle> circles = new ArrayList<>();
        for (Map<String, Object> operation : operations) {
            if (operation.get("location") instanceof Map<?, ?> location
                    && location.get("latitude") instanceof Number latitude
                    && location.get("longitude") instanceof Number longitude
                    && location.get("radiusMeters") instanceof Number radius) {
                circles.add(new CaseMap.Circle(
                        text(operation, "id"),
                        OPERATION_TYPES.getOrDefault(text(operation, "type"), text(operation, "type")) + ", "
                                + times.window(operation.get("startsAt"), operation.get("endsAt"))
                                + ", " + radius.intValue() + " m around "
                                + latitude + ", " + longitude
                                + (Boolean.TRUE.equals(operation.get("cancelled")) ? " (cancelled)" : ""),
                        latitude.doubleValue(),
                        longitude.doubleValue(),
                        radius.intValue(),
                        Boolean.TRUE.equals(operation.get("cancelled"))));
            }
        }
        List<CaseMap.Point> points = new ArrayList<>();
        for (LinkedLeads.LinkedLead lead : leads) {
            lead.coordinates()
                    .ifPresent(at -> points.add(new CaseMap.Point(
                            "Lead " + lead.lead().get("agencyReference") + ": "
                                    + lead.lead().get("summary"),
                            at[0],
                            at[1])));
        }
        return CaseMap.of(circles, points);
    }

    /** Does it, then shows the case again with what happened, or the service's refusal at the field it names. */
    private static String act(String caseId, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("message", done);
        } catch (RestClientResponseException refused) {
            Services.flashRefusal(redirect, refused, "");
        }
        return "redirect:/cases/" + caseId;
    }

    /**
     * Proposes handing the case to another task force. The case stays here, and readable only here, until the
     * receiving coordinator accepts on their Transfers page.
     */
    @PostMapping("/cases/{caseId}/transfer")
    String proposeTransfer(
            @PathVariable String caseId,
            @RequestParam(required = false) String toTaskForceId,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("toTaskForceId", blankToNull(toTaskForceId));
        body.put("reason", blankToNull(reason));
        return actOnForm(
                caseId,
                "transfer",
                redirect,
                "Transfer proposed; the case stays with this task force until the other one accepts.",
                () -> services.cases()
                        .post()
                        .uri("/api/cases/{id}/transfers", caseId)
                        .body(body)
                        .retrieve()
                        .toBodilessEntity());
    }

    /** Merges the case into another open case of its task force; the page then says which, and offers nothing. */
    @PostMapping("/cases/{caseId}/merge")
    String merge(
            @PathVariable String caseId,
            @RequestParam(required = false) String intoCaseId,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intoCaseId", blankToNull(intoCaseId));
        body.put("reason", blankToNull(reason));
        return actOnForm(caseId, "merge", redirect, null, () -> {
            Map<String, Object> merged = services.cases()
                    .post()
                    .uri("/api/cases/{id}/merge", caseId)
                    .body(body)
                    .retrieve()
                    .body(Services.OBJECT);
            redirect.addFlashAttribute("message", "Merged into case " + text(merged, "mergedIntoCaseNumber") + ".");
        });
    }

    /**
     * Like {@link #act}, for a form whose field names another form on the page shares ({@code reason}): the
     * refusal's fields come back as {@code form.field}, so each message lands at its own form's input, and the page
     * opens at that form.
     */
    private static String actOnForm(
            String caseId, String form, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            if (done != null) {
                redirect.addFlashAttribute("message", done);
            }
            return "redirect:/cases/" + caseId;
        } catch (RestClientResponseException refused) {
            Services.flashRefusal(redirect, refused, form + ".");
            return "redirect:/cases/" + caseId + "#" + form + "-heading";
        }
    }

    /**
     * Records the coordinator's review: validated, the case is kept until the next review, and its page says when
     * that is; purged, the case is gone, and the Reviews page says which it was. A purge is sent only once the case
     * number typed is the case's own ({@link ReviewForm#confirms}); otherwise nothing is sent and the page asks for it
     * at the confirmation's field. Refusals come back at the review form's fields ({@code review.reason} …), with
     * the decision and reason as typed.
     */
    @PostMapping("/cases/{caseId}/review")
    String review(
            @PathVariable String caseId,
            @RequestParam(required = false) String decision,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String confirmCaseNumber,
            Model model,
            RedirectAttributes redirect) {
        ReviewForm form = new ReviewForm(decision, reason, confirmCaseNumber);
        String backToTheForm = "redirect:/cases/" + caseId + "#review-heading";
        try {
            String caseNumber = null;
            if (form.isPurge()) {
                // the number to type is the one case-service holds, not one the form could carry
                caseNumber = text(
                        services.cases()
                                .get()
                                .uri("/api/cases/{id}", caseId)
                                .retrieve()
                                .body(Services.OBJECT),
                        "caseNumber");
                if (!form.confirms(caseNumber)) {
                    redirect.addFlashAttribute(
                            "errors", Map.of("review." + ReviewForm.CONFIRM_FIELD, ReviewForm.unconfirmed(caseNumber)));
                    redirect.addFlashAttribute("reviewForm", form.toRefill());
                    return backToTheForm;
                }
            }
            Map<String, Object> answer = services.cases()
                    .post()
                    .uri("/api/cases/{id}/reviews", caseId)
                    .body(form.body())
                    .retrieve()
                    .body(Services.OBJECT);
            if (form.isPurge()) {
                String purged = text(answer, "caseNumber");
                redirect.addFlashAttribute(
                        "message",
                        "Case " + (purged.isEmpty() ? caseNumber : purged)
                                + " was purged: its content is erased, and only its number, task force, time and"
                                + " who decided remain.");
                return "redirect:/reviews";
            }
            redirect.addFlashAttribute(
                    "message",
                    "Review recorded: the case is validated and kept; its next review is due "
                            + LayoutAdvice.times(model).words(answer == null ? null : answer.get("reviewDueAt"))
                            + ".");
            return "redirect:/cases/" + caseId;
        } catch (RestClientResponseException refused) {
            Services.flashRefusal(redirect, refused, "review.");
            redirect.addFlashAttribute("reviewForm", form.toRefill());
            return backToTheForm;
        }
    }

    /**
     * A case case-service does not show: a purged one (410, with its tombstone) is said to be purged, by whom and
     * when, to those who read it before; one the reader may not read, or that never was (404), is not found. Any
     * other refusal stays an error.
     */
    private String gone(RestClientResponseException refused, Model model, HttpServletResponse response) {
        int status = refused.getStatusCode().value();
        if (status != HttpServletResponse.SC_GONE && status != HttpServletResponse.SC_NOT_FOUND) {
            throw refused;
        }
        response.setStatus(status);
        if (status == HttpServletResponse.SC_NOT_FOUND) {
            model.addAttribute("tombstone", null);
            return "case-gone";
        }
        Map<String, Object> tombstone = Services.body(refused);
        String taskForceId = text(tombstone, "taskForceId");
        model.addAttribute("tombstone", tombstone);
        model.addAttribute(
                "lapsed",
                PurgeCause.REVIEW_LAPSED.name().equals(text(tombstone, "cause"))
                        || text(tombstone, "decidedBy").isEmpty());
        model.addAttribute(
                "names",
                Names.of(
                        taskForceId.isEmpty() ? List.of() : members(taskForceId),
                        List.of(),
                        directory("/api/task-forces")));
        return "case-gone";
    }

    /** The case a merged one carries on in, by number; its id alone when the reader may not read it. */
    private Map<String, Object> survivor(String survivorId) {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("caseId", survivorId);
        named.put("caseNumber", survivorId);
        try {
            Map<String, Object> read = services.cases()
                    .get()
                    .uri("/api/cases/{id}", survivorId)
                    .retrieve()
                    .body(Services.OBJECT);
            if (read != null && read.get("caseNumber") != null) {
                named.put("caseNumber", read.get("caseNumber"));
            }
        } catch (RestClientResponseException notReadable) {
            // the link still leads there, and the case page says why it cannot be read
        }
        return named;
    }

    /**
     * The task force's other open cases, by number, that this one may be merged into; closed and merged ones take
     * nothing in. One page of the service's largest size: a task force with more open cases than that is not one
     * whose coordinator picks from a list.
     */
    private List<Map<String, Object>> mergeCandidates(String taskForceId, String caseId) {
        Map<String, Object> found;
        try {
            found = services.cases()
                    .get()
                    .uri(UriComponentsBuilder.fromPath("/api/cases")
                            .queryParam("taskForceId", taskForceId)
                            .queryParam("sort", "number")
                            .queryParam("size", MERGE_CANDIDATES)
                            .build()
                            .encode()
                            .toUri())
                    .retrieve()
                    .body(Services.OBJECT);
        } catch (RestClientResponseException notAvailable) {
            return List.of();
        }
        return items(found).stream()
                .filter(other -> !caseId.equals(text(other, "caseId")))
                .filter(other -> !Set.of(CaseStatus.CLOSED.name(), CaseStatus.MERGED.name())
                        .contains(text(other, "status")))
                .toList();
    }

    /** A lead of the reader's own agency, which intake lets its agency read in full; empty when it does not. */
    private Optional<Map<String, Object>> ownLead(String leadId) {
        try {
            return Optional.ofNullable(services.intake()
                    .get()
                    .uri("/api/leads/{id}", leadId)
                    .retrieve()
                    .body(Services.OBJECT));
        } catch (RestClientResponseException notReadable) {
            return Optional.empty();
        }
    }

    private List<Map<String, Object>> members(String taskForceId) {
        return orEmpty(() -> services.cases()
                .get()
                .uri("/api/task-forces/{id}/members", taskForceId)
                .retrieve()
                .body(Services.LIST));
    }

    /** The reader's unread notifications per case, for the board's column; none when the inbox is away. */
    private Map<String, Object> unreadByCase(String memberId) {
        if (memberId == null) {
            return Map.of();
        }
        Map<String, Object> unread = new LinkedHashMap<>();
        for (Map<String, Object> group : orEmpty(() -> services.notifications()
                .get()
                .uri("/api/members/{member}/notifications/by-case?unread=true", memberId)
                .retrieve()
                .body(Services.LIST))) {
            unread.put(String.valueOf(group.get("caseId")), group.get("unread"));
        }
        return unread;
    }

    /** Agencies and task forces are read by anyone signed in; without them names fall back to ids. */
    private List<Map<String, Object>> directory(String path) {
        return orEmpty(() -> services.cases().get().uri(path).retrieve().body(Services.LIST));
    }

    private static List<Map<String, Object>> orEmpty(Supplier<List<Map<String, Object>>> read) {
        try {
            return Objects.requireNonNullElse(read.get(), List.of());
        } catch (RestClientResponseException notAvailable) {
            return List.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> page) {
        Object content = page == null ? null : page.get("content");
        return content instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null ? "" : value.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void addIfPresent(UriComponentsBuilder query, String name, String value) {
        if (value != null) {
            query.queryParam(name, value);
        }
    }
}
