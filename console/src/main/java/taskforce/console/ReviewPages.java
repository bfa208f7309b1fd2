package taskforce.console;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The review queue of a coordinator: for each task force they coordinate, the cases whose review falls due within
 * the horizon chosen (30 days unless asked for more), soonest first, overdue ones marked. A case is validated or
 * purged from its own page; this page only says which are waiting. What a row shows is what case-service answers for
 * the queue.
 */
@Controller
class ReviewPages {

    static final int PAGE_SIZE = 20;

    /** How far ahead the queue looks, by the filter's value; anything else is the first, case-service's default. */
    static final Map<String, Horizon> HORIZONS = horizons();

    /** A choice of the filter: its value in the address, its words, and how far ahead of now it reaches. */
    record Horizon(String value, String words, Duration ahead) {}

    /** One task force's queue as the page shows it: which page of how many, and what case-service refused. */
    record Queue(String taskForceId, List<Row> rows, long total, int page, int pages, ServiceProblem refusal) {}

    /** A case due for review; {@code overdue} when its due date has passed by the console's clock. */
    record Row(Map<String, Object> review, boolean overdue) {

        public String caseId() {
            return String.valueOf(review.get("caseId"));
        }
    }

    private final Services.Clients services;
    private final Clock clock;

    ReviewPages(Services.Clients services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    /**
     * The queue of every task force the coordinator coordinates, each paged on its own: {@code page} turns the pages
     * of {@code taskForceId}'s queue, the others stay at their first.
     */
    @GetMapping("/reviews")
    String reviews(
            @AuthenticationPrincipal OidcUser principal,
            @RequestParam(required = false) String within,
            @RequestParam(required = false) String taskForceId,
            @RequestParam(defaultValue = "0") int page,
            Model model,
            HttpServletResponse response) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        Horizon horizon = horizon(within);
        Instant now = clock.instant();
        Instant before = now.plus(horizon.ahead());
        model.addAttribute("horizon", horizon);
        model.addAttribute("horizons", HORIZONS.values());
        model.addAttribute("before", before.toString());
        if (!user.isCoordinator()) {
            // case-service would refuse each queue; the page says why instead
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            model.addAttribute("queues", List.of());
            model.addAttribute("coordinator", false);
            return "reviews";
        }
        List<Queue> queues = new ArrayList<>();
        for (String taskForce : user.taskForceIds()) {
            int itsPage = taskForce.equals(taskForceId) ? Math.max(page, 0) : 0;
            queues.add(queue(taskForce, before, itsPage, now));
        }
        model.addAttribute("queues", queues);
        model.addAttribute("coordinator", true);
        model.addAttribute(
                "names",
                Names.of(
                        List.of(),
                        List.of(),
                        orEmpty(() -> services.cases()
                                .get()
                                .uri("/api/task-forces")
                                .retrieve()
                                .body(Services.LIST))));
        return "reviews";
    }

    private Queue queue(String taskForceId, Instant before, int page, Instant now) {
        Map<String, Object> found;
        try {
            found = services.cases()
                    .get()
                    // encoded here and passed as a URI, like the case board's query
                    .uri(UriComponentsBuilder.fromPath("/api/reviews/due")
                            .queryParam("taskForceId", taskForceId)
                            .queryParam("before", before.toString())
                            .queryParam("page", page)
                            .queryParam("size", PAGE_SIZE)
                            .build()
                            .encode()
                            .toUri())
                    .retrieve()
                    .body(Services.OBJECT);
        } catch (RestClientResponseException refused) {
            return new Queue(taskForceId, List.of(), 0, page, 1, Services.problem(refused));
        }
        List<Row> rows = CasePages.items(found).stream()
                .map(review -> new Row(review, overdue(review.get("reviewDueAt"), now)))
                .toList();
        long total = found == null ? 0 : ((Number) found.getOrDefault("totalElements", 0)).longValue();
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        return new Queue(taskForceId, rows, total, page, pages, null);
    }

    /** Due before now: the review has lapsed and the case is purged once its grace period ends. */
    static boolean overdue(Object reviewDueAt, Instant now) {
        Instant due = TimeInWords.instant(reviewDueAt);
        return due != null && due.isBefore(now);
    }

    static Horizon horizon(String within) {
        return within == null ? HORIZONS.get("30d") : HORIZONS.getOrDefault(within, HORIZONS.get("30d"));
    }

    private static Map<String, Horizon> horizons() {
        Map<String, Horizon> horizons = new LinkedHashMap<>();
        for (Horizon horizon : List.of(
                new Horizon("30d", "the next 30 days", Duration.ofDays(30)),
                new Horizon("90d", "the next 90 days", Duration.ofDays(90)),
                new Horizon("1y", "the next year", Duration.ofDays(365)))) {
            horizons.put(horizon.value(), horizon);
        }
        return java.util.Collections.unmodifiableMap(horizons);
    }

    /** Names come from the directory; without it the page shows ids. */
    private static List<Map<String, Object>> orEmpty(Supplier<List<Map<String, Object>>> read) {
        try {
            return Objects.requireNonNullElse(read.get(), List.of());
        } catch (RestClientResponseException notAvailable) {
            return List.of();
        }
    }
}
