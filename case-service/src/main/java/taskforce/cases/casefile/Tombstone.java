package taskforce.cases.casefile;

import java.time.Instant;
import java.util.List;
import taskforce.contracts.cases.PurgeCause;

/**
 * What remains of a purged case (issue 15): its number (and those it had before a transfer, so an old number still
 * answers as gone), its task force, when it was purged, why ({@code cause}, and the reviewing coordinator's {@code
 * reason}) and who decided ({@code decidedBy}, absent when the review lapsed). Nothing of its content. {@code
 * erasedAt} is set once every erasure step in this service has completed.
 */
public record Tombstone(
        String caseId,
        String caseNumber,
        List<String> formerCaseNumbers,
        String taskForceId,
        Instant purgedAt,
        String decidedBy,
        PurgeCause cause,
        String reason,
        Instant erasedAt) {

    public Tombstone {
        formerCaseNumbers = formerCaseNumbers == null ? List.of() : List.copyOf(formerCaseNumbers);
    }

    /** The tombstone of a case whose purge is written, its erasure still to complete. */
    public static Tombstone of(Case purged, String reason) {
        if (!purged.purged()) {
            throw new IllegalArgumentException("case " + purged.id() + " is not purged");
        }
        return new Tombstone(
                purged.id(),
                purged.caseNumber(),
                purged.formerCaseNumbers(),
                purged.taskForceId(),
                purged.purgedAt(),
                purged.purgedBy(),
                purged.purgeCause(),
                reason,
                null);
    }

    public Tombstone erased(Instant at) {
        return new Tombstone(
                caseId, caseNumber, formerCaseNumbers, taskForceId, purgedAt, decidedBy, cause, reason, at);
    }
}
