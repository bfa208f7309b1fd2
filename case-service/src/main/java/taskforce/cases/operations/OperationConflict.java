package taskforce.cases.operations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Two planned operations that overlap in place and time, recorded once per pair whichever was registered second.
 * Each side keeps only what the other side needs to get in touch.
 */
public record OperationConflict(
        String id, List<Side> sides, Instant overlapStartsAt, Instant overlapEndsAt, Instant foundAt) {

    public record Side(
            String operationId,
            String caseId,
            String caseNumber,
            String taskForceId,
            String coordinatorId,
            String contactName,
            String contactPhone) {}

    public OperationConflict {
        sides = List.copyOf(sides);
    }

    public Optional<Side> side(String operationId) {
        return sides.stream().filter(s -> s.operationId().equals(operationId)).findFirst();
    }

    public Optional<Side> otherSide(String operationId) {
        return sides.stream().filter(s -> !s.operationId().equals(operationId)).findFirst();
    }
}
