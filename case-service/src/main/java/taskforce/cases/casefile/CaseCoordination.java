package taskforce.cases.casefile;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Member;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.Conflict;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.refusal.PreconditionFailed;
import taskforce.platform.refusal.Refusal;
import taskforce.platform.refusal.RuleRefused;
import taskforce.platform.security.Caller;

/**
 * What coordinators and members do to a case: read it, assign, unassign, move it through the lifecycle, add
 * notes, record outcomes. A command with an expected version is refused as stale when the case moved on; without one
 * it applies to the latest version, reading again when a concurrent change wins the race.
 *
 * <p>Every command first asks {@link CaseAccess} whether the caller may touch the case, which records the
 * decision: a case the caller may not read is refused as missing, one the caller may read but not change is
 * forbidden. The acting member ({@code assignedBy}, {@code author} …) is the token's member; a body naming someone
 * else is refused.
 */
@Service
public class CaseCoordination {

    static final int ATTEMPTS = 5;

    static final String OBJECT_TYPE = CaseAccess.OBJECT_TYPE;
    static final String READ = "case.read";
    static final String LIST = "case.list";
    static final String TIMELINE = "case.timeline";
    static final String NOTES = "case.notes";
    static final String ASSIGN = "case.assign";
    static final String UNASSIGN = "case.unassign";
    static final String STATUS = "case.status";
    static final String NOTE = "case.note";
    static final String OUTCOME = "case.outcome";

    private final Cases cases;
    private final Directory directory;
    private final CaseAccess access;
    private final List<CaseSearchIndex> searchIndexes;
    private final Clock clock;

    public CaseCoordination(
            Cases cases, Directory directory, CaseAccess access, List<CaseSearchIndex> searchIndexes, Clock clock) {
        this.cases = cases;
        this.searchIndexes = List.copyOf(searchIndexes);
        this.directory = directory;
        this.access = access;
        this.clock = clock;
    }

    // ---- reads

    public Versioned<Case> read(Caller caller, String caseId) {
        return access.read(caller, READ, caseId);
    }

    public List<CloudEvent> timeline(Caller caller, String caseId) {
        access.read(caller, TIMELINE, caseId);
        return cases.timeline(caseId);
    }

    public Cases.NotePage notes(Caller caller, String caseId, int page, int size) {
        access.read(caller, NOTES, caseId);
        return cases.notes(caseId, page, size);
    }

    /**
     * The cases the caller may read that match the filters ({@link CaseAccess#list} decides which task forces a
     * list covers). {@code q} matches the number, title and subjects' names as written, and through the search
     * indexes the identifiers (normalised, so {@code (713) 555-0100} finds {@code +17135550100}) and names spelled
     * otherwise; the indexes are asked only about the task forces the list covers. Each case returned is recorded
     * as read.
     */
    public Cases.Page search(Caller caller, Cases.Filter filter, Cases.Order order, int page, int size) {
        CaseAccess.ListScope scope = access.list(caller, LIST, filter.taskForceId());
        if (scope.isEmpty()) {
            return new Cases.Page(List.of(), page, size, 0);
        }
        Set<String> filedUnderQ = new HashSet<>();
        if (filter.q() != null && !filter.q().isBlank()) {
            searchIndexes.forEach(
                    index -> filedUnderQ.addAll(index.caseIdsFor(filter.q().trim(), scope.taskForceIds())));
        }
        Cases.Page searched = cases.search(
                scope.unrestricted() ? null : scope.taskForceIds(), filter, filedUnderQ, order, page, size);
        // a purged case is a tombstone for the moments until its erasure completes: no list shows it
        Cases.Page found = new Cases.Page(
                searched.items().stream().filter(c -> !c.value().purged()).toList(),
                searched.page(),
                searched.size(),
                searched.total());
        access.listed(
                caller,
                READ,
                found.items().stream().map(listed -> listed.value().id()).toList());
        return found;
    }

    // ---- commands

    /** {@code assignedBy} from the body may repeat the token's member; the token wins. */
    public Versioned<Case> assign(
            Caller caller, String caseId, Long ifMatch, String memberId, AssignmentRole role, String assignedBy) {
        String actor = acting(caller, ASSIGN, caseId, CaseAccess.Needs.COORDINATOR, "assignedBy", assignedBy);
        return execute(caseId, ifMatch, (c, roster) -> c.assign(memberId, role, actor, roster, now()));
    }

    public Versioned<Case> unassign(Caller caller, String caseId, Long ifMatch, String memberId, String unassignedBy) {
        String actor = acting(caller, UNASSIGN, caseId, CaseAccess.Needs.COORDINATOR, "unassignedBy", unassignedBy);
        return execute(caseId, ifMatch, (c, roster) -> c.unassign(memberId, actor, roster, now()));
    }

    public Versioned<Case> changeStatus(
            Caller caller, String caseId, Long ifMatch, CaseStatus to, String reason, String changedBy) {
        String actor = acting(caller, STATUS, caseId, CaseAccess.Needs.COORDINATOR, "changedBy", changedBy);
        return execute(caseId, ifMatch, (c, roster) -> c.changeStatus(to, reason, actor, roster, now()));
    }

    public Versioned<Case> addNote(Caller caller, String caseId, Long ifMatch, String text, String author) {
        String actor = acting(caller, NOTE, caseId, CaseAccess.Needs.MEMBER, "author", author);
        String noteId = UUID.randomUUID().toString();
        return execute(caseId, ifMatch, (c, roster) -> c.addNote(noteId, text, actor, roster, now()));
    }

    /**
     * The outcome is credited to the caller's agency unless the body names another; either must take part in the
     * case's task force (the case's rules decide, through the roster).
     */
    public Versioned<Case> recordOutcome(
            Caller caller,
            String caseId,
            Long ifMatch,
            OutcomeType type,
            Integer count,
            Seizure seizure,
            String agencyId,
            Instant occurredAt,
            String recordedBy) {
        String actor = acting(caller, OUTCOME, caseId, CaseAccess.Needs.MEMBER, "recordedBy", recordedBy);
        String creditedAgency = agencyId != null && !agencyId.isBlank() ? agencyId : caller.agencyId();
        String outcomeId = UUID.randomUUID().toString();
        return execute(
                caseId,
                ifMatch,
                (c, roster) -> c.recordOutcome(
                        outcomeId, type, count, seizure, creditedAgency, occurredAt, actor, roster, now()));
    }

    private String acting(
            Caller caller, String action, String caseId, CaseAccess.Needs needs, String field, String named) {
        return access.act(caller, action, caseId, needs, new CaseAccess.Actor(field, named))
                .memberId();
    }

    private static NotFound notFound(String caseId) {
        return NotFound.of("case", caseId);
    }

    /**
     * Runs a command that a feature beside the case decided on (a transfer), on the latest version of the case or on
     * {@code ifMatch}, with the case's refusals answered as every other command's. The caller has asked {@link
     * CaseAccess} first; the roster the command gets is that of the task force the case is in when it applies.
     */
    public Versioned<Case> command(String caseId, Long ifMatch, BiFunction<Case, Roster, Case.Change> command) {
        return execute(caseId, ifMatch, command);
    }

    private Versioned<Case> execute(String caseId, Long ifMatch, BiFunction<Case, Roster, Case.Change> command) {
        for (int attempt = 1; ; attempt++) {
            Versioned<Case> current = cases.find(caseId).orElseThrow(() -> notFound(caseId));
            if (ifMatch != null && current.version() != ifMatch) {
                throw stale(caseId, ifMatch, current.version());
            }
            Case.Change change;
            try {
                change = command.apply(current.value(), roster(current.value().taskForceId()));
            } catch (CaseRuleViolation violation) {
                throw refusal(violation);
            }
            if (!change.changed()) {
                return current;
            }
            try {
                long version = cases.update(
                        current.version(), change.next(), Cases.events(change.next(), now(), change.events()));
                return new Versioned<>(change.next(), version);
            } catch (OptimisticLockingFailureException concurrent) {
                if (ifMatch != null) {
                    throw stale(caseId, ifMatch, current.version() + 1);
                }
                if (attempt >= ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    /** Who takes part in the task force as the directory says now: what a case's rules check a command against. */
    public Roster roster(String taskForceId) {
        return new Roster() {
            @Override
            public boolean isMember(String memberId) {
                return memberId != null
                        && directory
                                .member(memberId)
                                .map(m -> m.belongsTo(taskForceId))
                                .orElse(false);
            }

            @Override
            public boolean takesPart(String agencyId, LocalDate day) {
                return agencyId != null
                        && directory.agreements(agencyId, taskForceId).stream()
                                .anyMatch(agreement -> taskForceId.equals(agreement.taskForceId())
                                        && agencyId.equals(agreement.agencyId())
                                        && agreement.inForceOn(day));
            }

            @Override
            public boolean isCoordinator(String memberId) {
                return memberId != null
                        && directory
                                .member(memberId)
                                .map((Member m) -> m.coordinates(taskForceId))
                                .orElse(false);
            }
        };
    }

    private Instant now() {
        return clock.instant();
    }

    private static PreconditionFailed stale(String caseId, long expected, long actual) {
        return new PreconditionFailed(
                "Stale version",
                "case " + caseId + " is at version " + actual + ", not " + expected + "; read it again and retry");
    }

    /** What the caller is told when the case's rules refuse a command. */
    public static Refusal refusal(CaseRuleViolation violation) {
        return switch (violation.kind()) {
            case NOT_A_COORDINATOR -> new Forbidden("Not a coordinator", violation.getMessage(), violation.field());
            case NOT_A_MEMBER ->
                new RuleRefused("Not a member of the task force", violation.getMessage(), violation.field());
            case ALREADY_ASSIGNED -> new Conflict("Already assigned", violation.getMessage(), violation.field());
            case NOT_ASSIGNED -> new NotFound("Not assigned", violation.getMessage(), violation.field());
            case ILLEGAL_TRANSITION ->
                new Conflict("Illegal status change", violation.getMessage(), violation.field())
                        .withProperty("legalNext", violation.legalNext());
            case OTHER_TASK_FORCE -> new RuleRefused("Another task force", violation.getMessage(), violation.field());
            case INVALID -> new InvalidField(violation.field(), violation.getMessage());
        };
    }
}
