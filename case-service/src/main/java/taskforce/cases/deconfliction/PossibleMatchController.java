package taskforce.cases.deconfliction;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import taskforce.cases.casefile.CaseAccess;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.Conflict;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;

/**
 * A case's possible matches ("possible same person"), for its coordinator alone to decide: listed with the reason,
 * confirmed as the same person or rejected, the decision remembered for the pair.
 */
@RestController
@RequestMapping("/api/cases/{caseId}/possible-matches")
class PossibleMatchController {

    static final String READ = "case.possible-match.read";
    static final String DECIDE = "case.possible-match.decide";

    record PossibleMatchView(
            String possibleMatchId,
            String otherCaseNumber,
            String otherTaskForceId,
            String otherCoordinatorId,
            String reason,
            Instant foundAt,
            PossibleMatch.Decision decision,
            String decidedBy,
            Instant decidedAt) {

        static PossibleMatchView of(PossibleMatch possible, String caseId) {
            PossibleMatch.Side other = possible.otherSide(caseId);
            return new PossibleMatchView(
                    possible.id(),
                    other.caseNumber(),
                    other.taskForceId(),
                    other.coordinatorId(),
                    possible.reasonFor(caseId),
                    possible.foundAt(),
                    possible.decision(),
                    possible.decidedBy(),
                    possible.decidedAt());
        }
    }

    /** {@code UNDECIDED} cannot be chosen: a possible match is undecided until a coordinator decides it. */
    record DecideRequest(@NotNull PossibleMatch.Decision decision) {}

    private final Deconfliction deconfliction;
    private final CaseAccess access;

    PossibleMatchController(Deconfliction deconfliction, CaseAccess access) {
        this.deconfliction = deconfliction;
        this.access = access;
    }

    @GetMapping
    List<PossibleMatchView> possibleMatches(Caller caller, @PathVariable String caseId) {
        access.act(caller, READ, caseId, CaseAccess.Needs.COORDINATOR, CaseAccess.Actor.fromToken());
        return deconfliction.possibleMatchesOf(caseId).stream()
                .map(possible -> PossibleMatchView.of(possible, caseId))
                .toList();
    }

    @PostMapping("/{possibleMatchId}")
    PossibleMatchView decide(
            Caller caller,
            @PathVariable String caseId,
            @PathVariable String possibleMatchId,
            @Valid @RequestBody DecideRequest request) {
        String coordinator = access.act(
                        caller, DECIDE, caseId, CaseAccess.Needs.COORDINATOR, CaseAccess.Actor.fromToken())
                .memberId();
        if (request.decision() == PossibleMatch.Decision.UNDECIDED) {
            throw new InvalidField("decision", "choose SAME_PERSON or DIFFERENT_PERSON");
        }
        Versioned<PossibleMatch> possible = deconfliction
                .possibleMatch(possibleMatchId)
                .filter(found -> found.value().side(caseId).isPresent())
                .orElseThrow(() -> NotFound.of("possible match", possibleMatchId));
        PossibleMatch.Decision already = possible.value().decision();
        if (already != PossibleMatch.Decision.UNDECIDED && already != request.decision()) {
            throw new Conflict(
                    "Already decided",
                    "possible match " + possibleMatchId + " was decided as " + already + " by "
                            + possible.value().decidedBy());
        }
        return PossibleMatchView.of(deconfliction.decide(possible, request.decision(), coordinator), caseId);
    }
}
