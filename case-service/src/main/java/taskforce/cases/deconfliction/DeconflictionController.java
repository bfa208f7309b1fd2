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
import taskforce.contracts.lead.IdentifierType;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;

/**
 * A case's deconfliction hits, as its own side sees them: the other case only as a pointer (number, task force,
 * coordinator) and where this side stands. Readers of the case list them; its coordinator resolves them.
 */
@RestController
@RequestMapping("/api/cases/{caseId}/deconfliction")
class DeconflictionController {

    static final String READ = "case.deconfliction.read";
    static final String RESOLVE = "case.deconfliction.resolve";

    record HitView(
            String hitId,
            String otherCaseNumber,
            String otherTaskForceId,
            String otherCoordinatorId,
            IdentifierType matchedIdentifierType,
            Instant foundAt,
            Resolution resolution,
            String resolvedBy,
            Instant resolvedAt) {

        static HitView of(DeconflictionHit hit, String caseId) {
            DeconflictionHit.Side mine = hit.side(caseId).orElseThrow();
            DeconflictionHit.Side other = hit.otherSide(caseId).orElseThrow();
            return new HitView(
                    hit.id(),
                    other.caseNumber(),
                    other.taskForceId(),
                    other.coordinatorId(),
                    hit.matchedIdentifierType(),
                    hit.foundAt(),
                    mine.resolution(),
                    mine.resolvedBy(),
                    mine.resolvedAt());
        }
    }

    /** {@code NEW} cannot be chosen: a hit is new until someone says otherwise. */
    record ResolveRequest(@NotNull Resolution resolution) {}

    private final Deconfliction deconfliction;
    private final CaseAccess access;

    DeconflictionController(Deconfliction deconfliction, CaseAccess access) {
        this.deconfliction = deconfliction;
        this.access = access;
    }

    @GetMapping
    List<HitView> hits(Caller caller, @PathVariable String caseId) {
        access.read(caller, READ, caseId);
        return deconfliction.hitsOf(caseId).stream()
                .map(hit -> HitView.of(hit, caseId))
                .toList();
    }

    @PostMapping("/{hitId}")
    HitView resolve(
            Caller caller,
            @PathVariable String caseId,
            @PathVariable String hitId,
            @Valid @RequestBody ResolveRequest request) {
        String coordinator = access.act(
                        caller, RESOLVE, caseId, CaseAccess.Needs.COORDINATOR, CaseAccess.Actor.fromToken())
                .memberId();
        if (request.resolution() == Resolution.NEW) {
            throw new InvalidField("resolution", "choose ACKNOWLEDGED, SAME_TARGET or DIFFERENT_TARGET");
        }
        Versioned<DeconflictionHit> hit = deconfliction
                .hit(hitId)
                .filter(found -> found.value().side(caseId).isPresent())
                .orElseThrow(() -> NotFound.of("deconfliction hit", hitId));
        return HitView.of(deconfliction.resolve(hit, caseId, request.resolution(), coordinator), caseId);
    }
}
