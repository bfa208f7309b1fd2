package taskforce.cases.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import taskforce.cases.casefile.Case;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseTransferDecided;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.lead.Priority;

/**
 * A transfer of a case to another task force, as both sides may see it: the limited view of the case (number,
 * title, priority) and the proposal and its decision. Never subjects, identifiers, notes or anything else of the
 * case, which the receiving side may not read until it has accepted.
 *
 * <p>The case's own history is the only record of a transfer: this view is read from its {@code
 * case.transfer-proposed} and {@code case.transfer-decided} events, so it can never disagree with the case.
 */
public record Transfer(
        String id,
        String caseId,
        String caseNumber,
        String title,
        Priority priority,
        String fromTaskForceId,
        String toTaskForceId,
        TransferStatus status,
        String reason,
        String proposedBy,
        Instant proposedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionReason) {

    /** The transfer as the case's history tells it, or empty when the case never had it proposed. */
    public static Optional<Transfer> of(String transferId, Case theCase, List<CaseEventData> history) {
        CaseTransferProposed proposed = null;
        CaseTransferDecided decided = null;
        for (CaseEventData event : history) {
            if (event instanceof CaseTransferProposed p && p.transferId().equals(transferId)) {
                proposed = p;
            } else if (event instanceof CaseTransferDecided d && d.transferId().equals(transferId)) {
                decided = d;
            }
        }
        if (proposed == null) {
            return Optional.empty();
        }
        return Optional.of(new Transfer(
                transferId,
                theCase.id(),
                theCase.caseNumber(),
                theCase.title(),
                theCase.priority(),
                proposed.taskForceId(),
                proposed.toTaskForceId(),
                decided == null
                        ? TransferStatus.PROPOSED
                        : TransferStatus.valueOf(decided.decision().name()),
                proposed.reason(),
                proposed.proposedBy(),
                proposed.proposedAt(),
                decided == null ? null : decided.decidedBy(),
                decided == null ? null : decided.decidedAt(),
                decided == null ? null : decided.reason()));
    }
}
