package taskforce.cases.operations;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import taskforce.cases.casefile.CaseCoordination;
import taskforce.contracts.cases.CaseStatus;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.security.Caller;
import taskforce.platform.web.PlainText;
import taskforce.platform.web.ProblemException;

/**
 * Planned operations: any member of a case's task force registers one for the case and hears at once of every
 * registered operation it overlaps; readers of the case read it, its conflicts as pointers only.
 */
@RestController
@RequestMapping("/api/operations")
class OperationController {

    static final String REGISTER = "operation.register";
    static final String READ = "operation.read";
    static final String CANCEL = "operation.cancel";
    static final Duration LONGEST_WINDOW = Duration.ofDays(14);
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

    private final OperationDeconfliction deconfliction;
    private final CaseCoordination coordination;
    private final RegistrationQuota quota;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final Clock clock;

    OperationController(
            OperationDeconfliction deconfliction, CaseCoordination coordination, RegistrationQuota quota, Clock clock) {
        this.clock = clock;
        this.deconfliction = deconfliction;
        this.coordination = coordination;
        this.quota = quota;
    }

    @PostMapping
    @Operation(
            description =
                    "Members of the case's task force (403 otherwise; 404 when the case is not readable). "
                            + "The answer lists the operations it overlaps, as pointers; both coordinators are notified. "
                            + "Each member registers at most taskforce.operations.registrations-per-member-per-day a day (429).")
    ResponseEntity<OperationView> register(Caller caller, @Valid @RequestBody RegisterOperationRequest request) {
        Instant now = clock.instant();
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw ProblemException.invalid("endsAt", "the operation must end after it starts");
        }
        if (Duration.between(request.startsAt(), request.endsAt()).compareTo(LONGEST_WINDOW) > 0) {
            throw ProblemException.invalid(
                    "endsAt", "an operation window is at most 14 days; register a longer one in parts");
        }
        if (!request.endsAt().isAfter(now)) {
            throw ProblemException.invalid("endsAt", "the operation is over already");
        }
        String phone = e164(request.contact().phone());
        CaseCoordination.Acting acting =
                coordination.memberActingOn(caller, REGISTER, request.caseId(), "registeredBy", request.registeredBy());
        if (request.taskForceId() != null
                && !request.taskForceId().equals(acting.theCase().taskForceId())) {
            throw new ProblemException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Wrong task force",
                    "the case belongs to another task force than " + request.taskForceId(),
                    "taskForceId");
        }
        if (acting.theCase().status() == CaseStatus.CLOSED) {
            throw new ProblemException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Case closed",
                    "operations are planned for open cases only",
                    "caseId");
        }
        quota.spend(acting.memberId());
        PlannedOperation operation = deconfliction.register(OperationDeconfliction.planned(
                acting.theCase(),
                request.type(),
                new PlannedOperation.Area(
                        request.location().latitude(),
                        request.location().longitude(),
                        request.location().radiusMeters()),
                request.startsAt(),
                request.endsAt(),
                new PlannedOperation.Contact(request.contact().name(), phone),
                acting.memberId(),
                now));
        return ResponseEntity.created(URI.create("/api/operations/" + operation.id()))
                .body(OperationView.of(operation, deconfliction.conflictsOf(operation.id())));
    }

    @GetMapping("/{operationId}")
    @Operation(description = "Readers of the operation's case; 404 otherwise, as for an operation that does not exist.")
    OperationView read(Caller caller, @PathVariable String operationId) {
        PlannedOperation operation = readable(caller, operationId).value();
        return OperationView.of(operation, deconfliction.conflictsOf(operationId));
    }

    @PostMapping("/{operationId}/cancel")
    @Operation(description = "Members of the operation's task force; a cancelled operation conflicts with nothing.")
    OperationView cancel(Caller caller, @PathVariable String operationId) {
        Versioned<PlannedOperation> operation = existing(operationId);
        String by = hidingTheCase(
                operationId,
                () -> coordination
                        .memberActingOn(caller, CANCEL, operation.value().caseId(), "cancelledBy", null)
                        .memberId());
        return OperationView.of(deconfliction.cancel(operation, by), deconfliction.conflictsOf(operationId));
    }

    private Versioned<PlannedOperation> readable(Caller caller, String operationId) {
        Versioned<PlannedOperation> operation = existing(operationId);
        hidingTheCase(
                operationId,
                () -> coordination.readableFor(caller, READ, operation.value().caseId()));
        return operation;
    }

    private Versioned<PlannedOperation> existing(String operationId) {
        return deconfliction.find(operationId).orElseThrow(() -> notFound(operationId));
    }

    /** A refusal to read the case is answered as an operation that does not exist: the case id is not told. */
    private static <T> T hidingTheCase(String operationId, Supplier<T> decision) {
        try {
            return decision.get();
        } catch (ProblemException refused) {
            if (refused.status() == HttpStatus.NOT_FOUND) {
                throw notFound(operationId);
            }
            throw refused;
        }
    }

    private static ProblemException notFound(String operationId) {
        return ProblemException.notFound("operation", operationId);
    }

    private String e164(String phone) {
        try {
            PhoneNumber number = phones.parse(phone, "US");
            if (phones.isValidNumber(number)) {
                return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            }
        } catch (NumberParseException unparseable) {
            // answered below like any other number that reaches nobody
        }
        throw ProblemException.invalid("contact.phone", "not a valid phone number: " + phone);
    }
}
