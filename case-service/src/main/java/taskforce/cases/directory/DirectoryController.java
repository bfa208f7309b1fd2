package taskforce.cases.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.contracts.directory.AgencyType;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.MemberRole;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;
import taskforce.platform.web.PlainText;

/**
 * The directory: every authenticated caller looks up who is who; only a system administrator (ADMIN) creates or
 * changes agencies, task forces, agreements and members (403 otherwise), because membership decides who reads
 * which case.
 */
@RestController
@RequestMapping("/api")
class DirectoryController {

    static final String ID = "[a-z0-9][a-z0-9._-]{0,99}";
    static final String ID_MESSAGE = "must be lower-case letters, digits, '.', '_' or '-' (at most 100)";

    static final String MEMBER_LIST = "member.list";
    static final String MEMBER_READ = "member.read";
    static final String TASK_FORCE = "TASK_FORCE";
    static final String MEMBER = "MEMBER";

    private final Directory directory;
    private final AuditTrail audit;

    DirectoryController(Directory directory, AuditTrail audit) {
        this.directory = directory;
        this.audit = audit;
    }

    record ProgramView(String code, String name) {}

    record AgencyRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @NotBlank @Size(max = 200) @PlainText String name,
            @NotNull AgencyType type,

            @Pattern(regexp = "[A-Z]{2}", message = "must be a two-letter state code")
            String state) {}

    record TaskForceRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @NotBlank @Size(max = 200) @PlainText String name,
            @NotBlank @Size(max = 20) @PlainText String program,
            @NotBlank @Size(max = 200) @PlainText String area) {}

    record AgreementRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @NotBlank String agencyId,
            @NotBlank String taskForceId,
            @NotNull AgreementStatus status,
            LocalDate effectiveFrom,
            LocalDate effectiveTo) {}

    record MemberRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @NotBlank @Size(max = 200) @PlainText String name,
            @NotBlank String agencyId,
            @Email @Size(max = 320) String email,
            List<@NotBlank String> taskForceIds,
            @NotNull MemberRole role) {}

    // ---- programs

    @GetMapping("/programs")
    List<ProgramView> programs() {
        return directory.programs().stream()
                .map(p -> new ProgramView(p.id(), p.name()))
                .toList();
    }

    // ---- agencies

    @GetMapping("/agencies")
    List<Agency> agencies() {
        return directory.agencies();
    }

    @GetMapping("/agencies/{id}")
    Agency agency(@PathVariable String id) {
        return directory.agency(id).orElseThrow(() -> NotFound.of("agency", id));
    }

    @PostMapping("/agencies")
    ResponseEntity<Agency> createAgency(Caller caller, @Valid @RequestBody AgencyRequest request) {
        caller.require(Role.ADMIN);
        Agency agency = new Agency(required(request.id()), request.name(), request.type(), request.state());
        directory.create(agency);
        return ResponseEntity.created(URI.create("/api/agencies/" + agency.id()))
                .body(agency);
    }

    @PutMapping("/agencies/{id}")
    ResponseEntity<Agency> putAgency(
            Caller caller, @PathVariable String id, @Valid @RequestBody AgencyRequest request) {
        caller.require(Role.ADMIN);
        Agency agency = new Agency(samePath(id, request.id()), request.name(), request.type(), request.state());
        return answer(directory.put(agency), "/api/agencies/" + id, agency);
    }

    // ---- task forces

    @GetMapping("/task-forces")
    List<TaskForce> taskForces() {
        return directory.taskForces();
    }

    @GetMapping("/task-forces/{id}")
    TaskForce taskForce(@PathVariable String id) {
        return directory.taskForce(id).orElseThrow(() -> NotFound.of("task force", id));
    }

    /** Who serves on a task force is itself need-to-know, so every read of members is recorded. */
    @GetMapping("/task-forces/{id}/members")
    List<Member> taskForceMembers(Caller caller, @PathVariable String id) {
        taskForce(id);
        audit.allowed(caller, MEMBER_LIST, TASK_FORCE, id);
        return directory.membersOf(id);
    }

    @PostMapping("/task-forces")
    ResponseEntity<TaskForce> createTaskForce(Caller caller, @Valid @RequestBody TaskForceRequest request) {
        caller.require(Role.ADMIN);
        TaskForce taskForce = new TaskForce(required(request.id()), request.name(), request.program(), request.area());
        directory.create(taskForce);
        return ResponseEntity.created(URI.create("/api/task-forces/" + taskForce.id()))
                .body(taskForce);
    }

    @PutMapping("/task-forces/{id}")
    ResponseEntity<TaskForce> putTaskForce(
            Caller caller, @PathVariable String id, @Valid @RequestBody TaskForceRequest request) {
        caller.require(Role.ADMIN);
        TaskForce taskForce =
                new TaskForce(samePath(id, request.id()), request.name(), request.program(), request.area());
        return answer(directory.put(taskForce), "/api/task-forces/" + id, taskForce);
    }

    // ---- agreements

    @GetMapping("/agreements")
    List<Agreement> agreements(
            @RequestParam(required = false) String agencyId, @RequestParam(required = false) String taskForceId) {
        return directory.agreements(agencyId, taskForceId);
    }

    @GetMapping("/agreements/{id}")
    Agreement agreement(@PathVariable String id) {
        return directory.agreement(id).orElseThrow(() -> NotFound.of("agreement", id));
    }

    @PostMapping("/agreements")
    ResponseEntity<Agreement> createAgreement(Caller caller, @Valid @RequestBody AgreementRequest request) {
        caller.require(Role.ADMIN);
        String id =
                request.id() != null ? request.id() : Agreement.defaultId(request.agencyId(), request.taskForceId());
        Agreement agreement = agreement(id, request);
        directory.create(agreement);
        return ResponseEntity.created(URI.create("/api/agreements/" + id)).body(agreement);
    }

    @PutMapping("/agreements/{id}")
    ResponseEntity<Agreement> putAgreement(
            Caller caller, @PathVariable String id, @Valid @RequestBody AgreementRequest request) {
        caller.require(Role.ADMIN);
        Agreement agreement = agreement(samePath(id, request.id()), request);
        return answer(directory.put(agreement), "/api/agreements/" + id, agreement);
    }

    private static Agreement agreement(String id, AgreementRequest request) {
        return new Agreement(
                id,
                request.agencyId(),
                request.taskForceId(),
                request.status(),
                request.effectiveFrom(),
                request.effectiveTo());
    }

    // ---- members

    @GetMapping("/members/{id}")
    Member member(Caller caller, @PathVariable String id) {
        Member found = directory.member(id).orElseThrow(() -> NotFound.of("member", id));
        audit.allowed(caller, MEMBER_READ, MEMBER, id);
        return found;
    }

    @PostMapping("/members")
    ResponseEntity<Member> createMember(Caller caller, @Valid @RequestBody MemberRequest request) {
        caller.require(Role.ADMIN);
        Member member = member(required(request.id()), request);
        directory.create(member);
        return ResponseEntity.created(URI.create("/api/members/" + member.id())).body(member);
    }

    @PutMapping("/members/{id}")
    ResponseEntity<Member> putMember(
            Caller caller, @PathVariable String id, @Valid @RequestBody MemberRequest request) {
        caller.require(Role.ADMIN);
        Member member = member(samePath(id, request.id()), request);
        return answer(directory.put(member), "/api/members/" + id, member);
    }

    private static Member member(String id, MemberRequest request) {
        return new Member(
                id, request.name(), request.agencyId(), request.email(), request.taskForceIds(), request.role());
    }

    // ---- helpers

    private static String required(String id) {
        if (id == null) {
            throw new InvalidField("id", "id: must not be null");
        }
        return id;
    }

    private static String samePath(String pathId, String bodyId) {
        if (!pathId.matches(ID)) {
            throw new InvalidField("id", "id: " + ID_MESSAGE);
        }
        if (bodyId != null && !bodyId.equals(pathId)) {
            throw new InvalidField("id", "id: the body names " + bodyId + " but the path " + pathId);
        }
        return pathId;
    }

    private static <T> ResponseEntity<T> answer(boolean created, String location, T body) {
        return created ? ResponseEntity.created(URI.create(location)).body(body) : ResponseEntity.ok(body);
    }
}
