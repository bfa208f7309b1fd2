package taskforce.cases.merge;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseAccess;
import taskforce.cases.casefile.CaseCoordination;
import taskforce.cases.casefile.CaseNote;
import taskforce.cases.casefile.CaseRuleViolation;
import taskforce.cases.casefile.Cases;
import taskforce.cases.deconfliction.Deconfliction;
import taskforce.cases.triage.CaseTriage;
import taskforce.contracts.cases.CaseStatus;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.Conflict;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.refusal.PreconditionFailed;
import taskforce.platform.security.Caller;

/**
 * Merging a case into another open case of its task force, which carries on: the case's coordinator asks, the
 * cases' rules decide ({@code Case.absorb}, {@code Case.mergeInto}), {@link CaseAccess} decides who may ask about
 * either case, and both decisions are in the audit trail.
 *
 * <p>Two cases are two documents, and the store has no transactions, so the merge is three steps in an order that
 * makes a retry of the same request finish what a crash interrupted:
 *
 * <ol>
 *   <li>the survivor absorbs the case (one atomic write of the survivor with its events), taking in only what it
 *       does not hold yet, so that absorbing it again is a no-op;
 *   <li>the survivor is filed under the absorbed identifiers and people (triage's identifier index, the target and
 *       person indexes), each filing keyed, so that a lead matching the merged case finds the survivor;
 *   <li>the merged case becomes MERGED, pointing at the survivor (one atomic write of the merged case with its
 *       events), only if it is still at the version the survivor took in: a note or outcome written in between is
 *       taken in by going round again. The case's rules refuse this step unless the survivor holds the absorption.
 * </ol>
 *
 * A crash after step 1 leaves an open case whose content the survivor also holds: the coordinator's retry (the
 * same request) finds the absorption done, files again and marks the case merged. A crash after step 3 leaves
 * nothing to do, and a retry answers the merge as it stands. The merged case is never marked before the survivor
 * holds it, so nothing is ever lost, only, for the moments between, shown twice.
 */
@Service
public class CaseMerges {

    static final String MERGE = "case.merge";
    static final String MERGE_INTO = "case.merge-into";

    /** How often the case may change under a merge before the caller is asked to repeat it. */
    static final int ATTEMPTS = 5;

    private final Cases cases;
    private final CaseCoordination coordination;
    private final CaseAccess access;
    private final CaseTriage triage;
    private final Deconfliction deconfliction;
    private final Clock clock;

    public CaseMerges(
            Cases cases,
            CaseCoordination coordination,
            CaseAccess access,
            CaseTriage triage,
            Deconfliction deconfliction,
            Clock clock) {
        this.cases = cases;
        this.coordination = coordination;
        this.access = access;
        this.triage = triage;
        this.deconfliction = deconfliction;
        this.clock = clock;
    }

    /** What a merge answers: the merged case as it now stands, and the survivor's number. */
    public record Merged(Versioned<Case> merged, String intoCaseNumber) {}

    /**
     * Merges {@code caseId} into {@code intoCaseId}. The caller must coordinate the task force of both (each
     * decision audited: {@code case.merge} on the merged case, {@code case.merge-into} on the survivor); a survivor
     * the caller may not read is answered as missing, naming {@code intoCaseId}. With {@code expectedVersion} the
     * merge goes ahead only if the case is at that version, the one its coordinator decided on; a merge already done
     * into the same survivor answers as it stands, so that repeating the request stays harmless.
     */
    public Merged merge(Caller caller, String caseId, Long expectedVersion, String intoCaseId, String reason) {
        if (intoCaseId == null || intoCaseId.isBlank()) {
            throw new InvalidField("intoCaseId", "intoCaseId is required: the case that carries on");
        }
        CaseAccess.Acting acting =
                access.act(caller, MERGE, caseId, CaseAccess.Needs.COORDINATOR, CaseAccess.Actor.fromToken());
        if (intoCaseId.equals(caseId)) {
            throw new InvalidField("intoCaseId", "a case cannot be merged into itself");
        }
        access.act(
                caller,
                MERGE_INTO,
                intoCaseId,
                CaseAccess.Needs.COORDINATOR,
                CaseAccess.Actor.fromToken(),
                () -> new NotFound("Not found", "no case " + intoCaseId, "intoCaseId"));
        String coordinator = acting.memberId();
        Versioned<Case> merged = acting.theCase();
        boolean alreadyMergedThere = merged.value().status() == CaseStatus.MERGED
                && intoCaseId.equals(merged.value().mergedInto());
        if (expectedVersion != null && !alreadyMergedThere && merged.version() != expectedVersion) {
            throw new PreconditionFailed(
                    "Stale version",
                    "case " + caseId + " is at version " + merged.version() + ", not " + expectedVersion
                            + "; read it again and retry");
        }
        Case survivorRead = cases.find(intoCaseId)
                .map(Versioned::value)
                .orElseThrow(() -> new NotFound("Not found", "no case " + intoCaseId, "intoCaseId"));
        // tried on the cases as read first, so that a refused merge (another task force, a closed case …) writes
        // nothing
        try {
            merged.value()
                    .mergeInto(
                            survivorRead
                                    .absorb(
                                            merged.value(),
                                            List.of(),
                                            reason,
                                            coordinator,
                                            coordination.roster(survivorRead.taskForceId()),
                                            now())
                                    .next(),
                            reason,
                            coordinator,
                            coordination.roster(merged.value().taskForceId()),
                            now());
        } catch (CaseRuleViolation violation) {
            throw CaseCoordination.refusal(violation);
        }
        for (int attempt = 1; ; attempt++) {
            // 1. the survivor takes in what the case holds and it does not, every note included
            Versioned<Case> current = cases.find(caseId).orElseThrow(() -> NotFound.of("case", caseId));
            List<CaseNote> notes = notesToMove(caseId, intoCaseId);
            Versioned<Case> survivor = coordination.command(
                    intoCaseId,
                    null,
                    (into, roster) -> into.absorb(current.value(), notes, reason, coordinator, roster, now()));
            // 2. what finds a case by its identifiers and people finds the survivor
            triage.index(survivor.value().taskForceId(), survivor.value().identifiers(), intoCaseId);
            deconfliction.followMerge(intoCaseId);
            // 3. the case hands on and becomes read only, if it is still as the survivor took it in
            try {
                Versioned<Case> done = coordination.command(
                        caseId,
                        current.version(),
                        (theCase, roster) -> theCase.mergeInto(
                                cases.find(intoCaseId).map(Versioned::value).orElseThrow(),
                                reason,
                                coordinator,
                                roster,
                                now()));
                return new Merged(done, survivor.value().caseNumber());
            } catch (PreconditionFailed movedOn) {
                // a note, outcome or lead reached the case after the survivor read it: take that in too, then
                // mark it again; marking it regardless would leave that one on a read-only case, counted nowhere
                if (attempt >= ATTEMPTS) {
                    throw new Conflict(
                            "Case keeps changing",
                            "case " + caseId + " changed during the merge " + ATTEMPTS + " times; repeat the request",
                            null);
                }
            }
        }
    }

    /** The merged case's notes the survivor does not hold yet, oldest first. */
    private List<CaseNote> notesToMove(String caseId, String intoCaseId) {
        Set<String> held =
                cases.allNotes(intoCaseId).stream().map(CaseNote::noteId).collect(Collectors.toSet());
        return cases.allNotes(caseId).stream()
                .filter(note -> !held.contains(note.noteId()))
                .toList();
    }

    private Instant now() {
        return clock.instant();
    }
}
