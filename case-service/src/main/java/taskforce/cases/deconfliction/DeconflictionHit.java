package taskforce.cases.deconfliction;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import taskforce.contracts.lead.IdentifierType;

/**
 * Two open cases of different task forces that share a target. One hit per pair of cases, whatever more they come
 * to share later, so a pair resolved as different targets never comes back. Each side resolves it for itself.
 */
public record DeconflictionHit(String id, List<Side> sides, IdentifierType matchedIdentifierType, Instant foundAt) {

    /** One case of the pair, with what the other side may learn of it and where this side stands. */
    public record Side(
            String caseId,
            String caseNumber,
            String taskForceId,
            String coordinatorId,
            Resolution resolution,
            String resolvedBy,
            Instant resolvedAt) {

        Side resolved(Resolution to, String by, Instant at) {
            return new Side(caseId, caseNumber, taskForceId, coordinatorId, to, by, at);
        }
    }

    public DeconflictionHit {
        sides = List.copyOf(sides);
    }

    public Optional<Side> side(String caseId) {
        return sides.stream().filter(s -> s.caseId().equals(caseId)).findFirst();
    }

    public Optional<Side> otherSide(String caseId) {
        return sides.stream().filter(s -> !s.caseId().equals(caseId)).findFirst();
    }

    DeconflictionHit resolve(String caseId, Resolution to, String by, Instant at) {
        return new DeconflictionHit(
                id,
                sides.stream()
                        .map(s -> s.caseId().equals(caseId) ? s.resolved(to, by, at) : s)
                        .toList(),
                matchedIdentifierType,
                foundAt);
    }
}
