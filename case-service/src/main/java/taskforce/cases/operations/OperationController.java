package taskforce.cases.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.platform.security.Caller;
import taskforce.platform.web.PlainText;

/**
 * Planned operations: any member of a case's task force registers one for the case and hears at once of every
 * registered operation it overlaps; readers of the case read it, its conflicts as pointers only.
 */
@RestController
@RequestMapping("/api/operations")
class OperationController {

    private static final String TOKEN_WINS =
            "optional; the caller's token names who registers it, a different value is 403";

    record LocationRequest(
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,

            @Schema(description = "metres around the point that the operation may cover") @NotNull @Min(10) @Max(5000)
            Integer radiusMeters) {}

    record ContactRequest(
            @NotBlank @Size(max = 120) @PlainText String name,

            @Schema(description = "a number that reaches the contact during the operation; US when no country code")
            @NotBlank
            @Size(max = 40)
            @PlainText
            String phone) {}

    record RegisterOperationRequest(
            @NotBlank @Size(max = 100) String caseId,

            @Schema(description = "optional; the case's task force, a different value is refused")
            String taskForceId,

            @NotNull OperationType type,
            @NotNull @Valid LocationRequest location,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            @NotNull @Valid ContactRequest contact,
            @Schema(description = TOKEN_WINS) String registeredBy) {}

    record ConflictView(
            String conflictId,
            String otherOperationId,
            String otherTaskForceId,
            String otherCoordinatorId,
            String otherContactName,
            String otherContactPhone,
            Instant overlapStartsAt,
            Instant overlapEndsAt,
            Instant foundAt) {

        static ConflictView of(OperationConflict conflict, String operationId) {
            OperationConflict.Side other = conflict.otherSide(operationId).orElseThrow();
            return new ConflictView(
                    conflict.id(),
                    other.operationId(),
                    other.taskForceId(),
                    other.coordinatorId(),
                    other.contactName(),
                    other.contactPhone(),
                    conflict.overlapStartsAt(),
                    conflict.overlapEndsAt(),
                    conflict.foundAt());
        }
    }

    record OperationView(
            String id,
            String caseId,
            String caseNumber,
            String taskForceId,
            OperationType type,
            PlannedOperation.Area location,
            Instant startsAt,
            Instant endsAt,
            PlannedOperation.Contact contact,
            String registeredBy,
            Instant registeredAt,
            boolean cancelled,
            List<ConflictView> conflicts) {

        static OperationView of(PlannedOperation operation, List<OperationConflict> conflicts) {
            return new OperationView(
                    operation.id(),
                    operation.caseId(),
                    operation.caseNumber(),
                    operation.taskForceId(),
                    operation.type(),
                    operation.area(),
                    operation.startsAt(),
                    operation.endsAt(),
                    operation.contact(),
                    operation.registeredBy(),
                    operation.registeredAt(),
                    operation.cancelled(),
                    conflicts.stream()
                            .map(c -> ConflictView.of(c, operation.id()))
                            .toList());
        }
    }

    private final OperationPlanning planning;

    OperationController(OperationPlanning planning) {
        this.planning = planning;
    }

    @PostMapping
    @Operation(
            description =
                    "Members of the case's task force (403 otherwise; 404 when the case is not readable). "
                            + "The answer lists the operations it overlaps, as pointers; both coordinators are notified. "
                            + "Each member registers at most taskforce.operations.registrations-per-member-per-day a day (429).")
    ResponseEntity<OperationView> register(Caller caller, @Valid @RequestBody RegisterOperationRequest request) {
        OperationPlanning.Planned planned = planning.register(
                caller,
                new OperationPlanning.Registration(
                        request.caseId(),
                        request.taskForceId(),
                        request.type(),
                        new PlannedOperation.Area(
                                request.location().latitude(),
                                request.location().longitude(),
                                request.location().radiusMeters()),
                        request.startsAt(),
                        request.endsAt(),
                        new PlannedOperation.Contact(
                                request.contact().name(), request.contact().phone()),
                        request.registeredBy()));
        return ResponseEntity.created(
                        URI.create("/api/operations/" + planned.operation().id()))
                .body(view(planned));
    }

    @GetMapping
    @Operation(
            description = "The operations planned for a case, cancelled ones too, oldest first; readers of the case"
                    + " (404 otherwise, as for a case that does not exist).")
    List<OperationView> ofCase(Caller caller, @RequestParam String caseId) {
        return planning.ofCase(caller, caseId).stream()
                .map(OperationController::view)
                .toList();
    }

    @GetMapping("/{operationId}")
    @Operation(description = "Readers of the operation's case; 404 otherwise, as for an operation that does not exist.")
    OperationView read(Caller caller, @PathVariable String operationId) {
        return view(planning.read(caller, operationId));
    }

    @PostMapping("/{operationId}/cancel")
    @Operation(description = "Members of the operation's task force; a cancelled operation conflicts with nothing.")
    OperationView cancel(Caller caller, @PathVariable String operationId) {
        return view(planning.cancel(caller, operationId));
    }

    private static OperationView view(OperationPlanning.Planned planned) {
        return OperationView.of(planned.operation(), planned.conflicts());
    }
}
