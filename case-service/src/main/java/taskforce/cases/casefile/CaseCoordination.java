package taskforce.cases.casefile;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.Member;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.web.ProblemException;

/**
 * What coordinators and members do to a case: assign, unassign, move through the lifecycle, add notes, record
 * outcomes. A command with an expected version fails with 412 when the case moved on; without one it applies to
 * the latest version, reading again when a concurrent change wins the race.
 */
@Service
public class CaseCoordination {

    static final int ATTEMPTS = 5;

    private final Cases cases;
    private final Directory directory;
    private final Clock clock;

    public CaseCoordination(Cases cases, Directory directory) {
        this.cases = cases;
        this.directory = directory;
        this.clock = Clock.systemUTC();
    }

    public Versioned<Case> get(String caseId) {
        return cases.find(caseId).orElseThrow(() -> ProblemException.notFound("case", caseId));
    }

    public Versioned<Case> assign(
            String caseId, Long ifMatch, String memberId, AssignmentRole role, String assignedBy) {
        return execute(caseId, ifMatch, (c, roster) -> c.assign(memberId, role, assignedBy, roster, now()));
    }

    public Versioned<Case> unassign(String caseId, Long ifMatch, String memberId, String unassignedBy) {
        return execute(caseId, ifMatch, (c, roster) -> c.unassign(memberId, unassignedBy, roster, now()));
    }

    public Versioned<Case> changeStatus(String caseId, Long ifMatch, CaseStatus to, String reason, String changedBy) {
        return execute(caseId, ifMatch, (c, roster) -> c.changeStatus(to, reason, changedBy, roster, now()));
    }

    public Versioned<Case> addNote(String caseId, Long ifMatch, String text, String author) {
        String noteId = UUID.randomUUID().toString();
        return execute(caseId, ifMatch, (c, roster) -> c.addNote(noteId, text, author, roster, now()));
    }

    public Versioned<Case> recordOutcome(
            String caseId,
            Long ifMatch,
            OutcomeType type,
            Integer count,
            Seizure seizure,
            String agencyId,
            Instant occurredAt,
            String recordedBy) {
        if (agencyId != null && directory.agency(agencyId).isEmpty()) {
            throw new ProblemException(
                    HttpStatus.valueOf(422),
                    "Unknown reference",
                    "agency " + agencyId + " is not in the directory",
                    "agencyId");
        }
        String outcomeId = UUID.randomUUID().toString();
        return execute(
                caseId,
                ifMatch,
                (c, roster) -> c.recordOutcome(
                        outcomeId, type, count, seizure, agencyId, occurredAt, recordedBy, roster, now()));
    }

    private Versioned<Case> execute(String caseId, Long ifMatch, BiFunction<Case, Roster, Case.Change> command) {
        for (int attempt = 1; ; attempt++) {
            Versioned<Case> current = get(caseId);
            if (ifMatch != null && current.version() != ifMatch) {
                throw stale(caseId, ifMatch, current.version());
            }
            Case.Change change;
            try {
                change = command.apply(current.value(), roster(current.value().taskForceId()));
            } catch (CaseRuleViolation violation) {
                throw problem(violation);
            }
            if (!change.changed()) {
                return current;
            }
            try {
                long version =
                        cases.update(current.version(), change.next(), Cases.events(change.next(), change.events()));
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

    private Roster roster(String taskForceId) {
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

    private static ProblemException stale(String caseId, long expected, long actual) {
        return new ProblemException(
                HttpStatus.PRECONDITION_FAILED,
                "Stale version",
                "case " + caseId + " is at version " + actual + ", not " + expected + "; read it again and retry");
    }

    static ProblemException problem(CaseRuleViolation violation) {
        return switch (violation.kind()) {
            case NOT_A_COORDINATOR ->
                new ProblemException(
                        HttpStatus.FORBIDDEN, "Not a coordinator", violation.getMessage(), violation.field());
            case NOT_A_MEMBER ->
                new ProblemException(
                        HttpStatus.valueOf(422),
                        "Not a member of the task force",
                        violation.getMessage(),
                        violation.field());
            case ALREADY_ASSIGNED ->
                new ProblemException(
                        HttpStatus.CONFLICT, "Already assigned", violation.getMessage(), violation.field());
            case NOT_ASSIGNED ->
                new ProblemException(HttpStatus.NOT_FOUND, "Not assigned", violation.getMessage(), violation.field());
            case ILLEGAL_TRANSITION ->
                new ProblemException(
                                HttpStatus.CONFLICT, "Illegal status change", violation.getMessage(), violation.field())
                        .withProperty("legalNext", violation.legalNext());
            case INVALID -> ProblemException.invalid(violation.field(), violation.getMessage());
        };
    }
}
