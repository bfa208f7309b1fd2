package taskforce.console;

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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The transfers of the coordinator's task forces: those offered to them, to accept or decline, and those they
 * proposed, to withdraw while undecided. What a row shows is what case-service answers for a transfer (number,
 * title, priority, reason), never more of the case: the receiving side may not read it before it accepts.
 */
@Controller
class TransferPages {

    /** Newest first, per task force; older decided transfers are in each case's timeline. */
    static final int TRANSFERS_SHOWN = 50;

    static final String PROPOSED = "PROPOSED";

    private final Services.Clients services;

    TransferPages(Services.Clients services) {
        this.services = services;
    }

    /** A transfer as the page shows it, with what the reader may do to it. */
    record Row(Map<String, Object> transfer, boolean incoming, boolean mayDecide, boolean mayWithdraw) {

        public String id() {
            return String.valueOf(transfer.get("id"));
        }

        /** The sending side reads its case; the receiving side only once the case is theirs. */
        public boolean caseReadable() {
            return !incoming || "ACCEPTED".equals(transfer.get("status"));
        }
    }

    @GetMapping("/transfers")
    String transfers(@AuthenticationPrincipal OidcUser principal, Model model) {
        SignedInUser user = SecurityConfiguration.signedInUser(principal);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String taskForceId : user.taskForceIds()) {
            for (Map<String, Object> transfer : transfersOf(taskForceId)) {
                rows.putIfAbsent(String.valueOf(transfer.get("id")), row(transfer, user));
            }
        }
        List<Row> incoming = new ArrayList<>();
        List<Row> outgoing = new ArrayList<>();
        for (Row row : rows.values()) {
            (row.incoming() ? incoming : outgoing).add(row);
        }
        model.addAttribute("incoming", incoming);
        model.addAttribute("outgoing", outgoing);
        List<Map<String, Object>> members = new ArrayList<>();
        for (String taskForceId : user.taskForceIds()) {
            members.addAll(orEmpty(() -> services.cases()
                    .get()
                    .uri("/api/task-forces/{id}/members", taskForceId)
                    .retrieve()
                    .body(Services.LIST)));
        }
        // the reader's own task forces' people by name; the other side's proposer or decider stays an id
        model.addAttribute(
                "names",
                Names.of(
                        members,
                        List.of(),
                        orEmpty(() -> services.cases()
                                .get()
                                .uri("/api/task-forces")
                                .retrieve()
                                .body(Services.LIST))));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "transfers";
    }

    @PostMapping("/transfers/{transferId}/accept")
    String accept(
            @PathVariable String transferId,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return decide(transferId, "accept", reason, "Transfer accepted; the case is now your task force's.", redirect);
    }

    @PostMapping("/transfers/{transferId}/decline")
    String decline(
            @PathVariable String transferId,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return decide(transferId, "decline", reason, "Transfer declined; the case stays where it was.", redirect);
    }

    @PostMapping("/transfers/{transferId}/withdraw")
    String withdraw(
            @PathVariable String transferId,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return decide(transferId, "withdraw", reason, "Transfer withdrawn.", redirect);
    }

    /**
     * Sends the decision, then shows the list again. A refusal's field messages are kept with the transfer they
     * concern ({@code errorsFor}), so with several rows each carrying a reason box the message lands at the one
     * that was used.
     */
    private String decide(String transferId, String decision, String reason, String done, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason == null || reason.isBlank() ? null : reason);
        try {
            services.cases()
                    .post()
                    .uri("/api/transfers/{id}/{decision}", transferId, decision)
                    .body(body)
                    .retrieve()
                    .toBodilessEntity();
            redirect.addFlashAttribute("message", done);
        } catch (RestClientResponseException refused) {
            Services.flashRefusal(redirect, refused, "");
            redirect.addFlashAttribute("errorsFor", transferId);
            return "redirect:/transfers#transfer-" + transferId;
        }
        return "redirect:/transfers";
    }

    /**
     * The buttons offered: the receiving side decides a proposed transfer, its proposer may withdraw it. The
     * service decides again when one is pressed; this only spares people buttons that would be refused.
     */
    private static Row row(Map<String, Object> transfer, SignedInUser user) {
        boolean incoming = user.taskForceIds().contains(String.valueOf(transfer.get("toTaskForceId")));
        boolean proposed = PROPOSED.equals(transfer.get("status"));
        boolean proposedByReader = user.memberId() != null && user.memberId().equals(transfer.get("proposedBy"));
        return new Row(transfer, incoming, proposed && incoming, proposed && proposedByReader);
    }

    private List<Map<String, Object>> transfersOf(String taskForceId) {
        try {
            Map<String, Object> page = services.cases()
                    .get()
                    // encoded here and passed as a URI, like the case board's query
                    .uri(UriComponentsBuilder.fromPath("/api/transfers")
                            .queryParam("taskForceId", taskForceId)
                            .queryParam("size", TRANSFERS_SHOWN)
                            .build()
                            .encode()
                            .toUri())
                    .retrieve()
                    .body(Services.OBJECT);
            return CasePages.items(page);
        } catch (RestClientResponseException notAvailable) {
            return List.of();
        }
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
