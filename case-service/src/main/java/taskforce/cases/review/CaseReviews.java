package taskforce.cases.review;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseAccess;
import taskforce.cases.casefile.CaseCoordination;
import taskforce.cases.casefile.Cases;
import taskforce.cases.casefile.ReviewPolicy;
import taskforce.cases.casefile.Tombstone;
import taskforce.cases.casefile.Tombstones;
import taskforce.contracts.cases.CaseStatus;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.Refusal;
import taskforce.platform.security.Caller;

/**
 * Reviewing cases (issue 15): a coordinator of the case's task force validates it (kept a period more) or decides
 * to purge it; the task force's coordinators list the cases falling due; jobs remind them ahead of a due date and
 * purge the cases whose review lapsed. The case's rules decide ({@code Case.validate}, {@code purge}, {@code
 * remind}, {@code lapse}), {@link CaseAccess} decides who may ask, and {@link CaseErasure} erases a purged case.
 * Every decision is in the audit trail; a purge also as {@value #PURGE} on the case, the record that remains.
 */
@Service
public class CaseReviews {

    static final String REVIEW = "case.review";
    static final String PURGE = "case.purge";
    static final String DUE_LIST = "case.review-due";
    static final String READ = "case.read";
    static final String NOT_A_COORDINATOR_OF = "not a coordinator of the task force";

    /** Who acts for the jobs in the audit trail. */
    static final Caller REVIEW_JOB = new Caller("case-service:review-job", Set.of(), null, null, List.of(), null);

    public enum Decision {
        VALIDATED,
        PURGE
    }

    /** What a review answers: the case validated, or the tombstone of the case purged. */
    public sealed interface Outcome {
        record Validated(Versioned<Case> theCase) implements Outcome {}

        record Purged(Tombstone tombstone) implements Outcome {}
    }

    public record DueCase(Case theCase, Instant reviewDueAt) {}

    public record DuePage(List<DueCase> items, int page, int size, long total) {}

    private final Cases cases;
    private final CaseCoordination coordination;
    private final CaseAccess access;
    private final Tombstones tombstones;
    private final ReviewCalendar calendar;
    private final CaseErasure erasure;
    private final ReviewPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    public CaseReviews(
            Cases cases,
            CaseCoordination coordination,
            CaseAccess access,
            Tombstones tombstones,
            ReviewCalendar calendar,
            CaseErasure erasure,
            ReviewPolicy policy,
            AuditTrail audit,
            Clock clock) {
        this.cases = cases;
        this.coordination = coordination;
        this.access = access;
        this.tombstones = tombstones;
        this.calendar = calendar;
        this.erasure = erasure;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The coordinator's review of the case: VALIDATED keeps it until a period from now ({@code case.reviewed.v1});
     * PURGE purges it ({@code case.purged.v1}) and erases it, with the cases merged into it. 404 when the caller
     * may not read the case, 403 when not its task force's coordinator, 410 when it is purged already.
     */
    public Outcome review(Caller caller, String caseId, Long ifMatch, Decision decision, String reason) {
        if (decision == null) {
            throw new InvalidField("decision", "decision must be one of VALIDATED, PURGE");
        }
        String reviewer = access.act(caller, REVIEW, caseId, CaseAccess.Needs.COORDINATOR, CaseAccess.Actor.fromToken())
                .memberId();
        if (decision == Decision.VALIDATED) {
            Versioned<Case> validated = coordination.command(
                    caseId, ifMatch, (c, roster) -> c.validate(reason, reviewer, roster, policy.period(), now()));
            calendar.file(validated.value().taskForceId(), validated.value().reviewDueAt(policy.period()), caseId);
            return new Outcome.Validated(validated);
        }
        erasure.expect(caseId);
        Versioned<Case> purged =
                coordination.command(caseId, ifMatch, (c, roster) -> c.purge(reason, reviewer, roster, now()));
        audit.allowed(caller, PURGE, CaseAccess.OBJECT_TYPE_CASE, caseId);
        erasure.begin(purged.value(), reason);
        erasure.complete(caseId);
        return new Outcome.Purged(tombstones.find(caseId).orElseGet(() -> Tombstone.of(purged.value(), reason)));
    }

    /**
     * The cases of the task force due for review before {@code before}, soonest first, for its coordinators and
     * administrators; anyone else finds none, as if there were none. Each case listed is recorded as read.
     */
    public DuePage due(Caller caller, String taskForceId, Instant before, int page, int size) {
        if (taskForceId == null || taskForceId.isBlank()) {
            throw new InvalidField("taskForceId", "taskForceId is required: the task force whose reviews to list");
        }
        if (!access.followsReviewsOf(caller, taskForceId)) {
            audit.refused(caller, DUE_LIST, CaseAccess.OBJECT_TYPE_CASE, taskForceId, NOT_A_COORDINATOR_OF);
            return new DuePage(List.of(), page, size, 0);
        }
        audit.allowed(caller, DUE_LIST, CaseAccess.OBJECT_TYPE_CASE, taskForceId);
        Instant until = before == null ? now().plus(policy.reminderLead()) : before;
        List<DueCase> due = calendar.filedUpTo(taskForceId, until).stream()
                .map(cases::find)
                .flatMap(Optional::stream)
                .map(Versioned::value)
                .filter(c -> !c.purged() && c.status() != CaseStatus.MERGED && taskForceId.equals(c.taskForceId()))
                .map(c -> new DueCase(c, c.reviewDueAt(policy.period())))
                .filter(d -> d.reviewDueAt().isBefore(until))
                .sorted(Comparator.comparing(DueCase::reviewDueAt)
                        .thenComparing(d -> d.theCase().caseNumber()))
                .toList();
        long from = Math.min((long) page * size, due.size());
        long to = Math.min(from + size, due.size());
        List<DueCase> items = due.subList((int) from, (int) to);
        audit.allowedEach(
                caller,
                READ,
                CaseAccess.OBJECT_TYPE_CASE,
                items.stream().map(d -> d.theCase().id()).toList());
        return new DuePage(items, page, size, due.size());
    }

    /**
     * The reminder job's work: each case of every task force whose review falls due within the reminder lead
     * and that was not reminded of that due date yet gets its {@code case.review-due.v1}. Answers how many.
     */
    public int remind() {
        Instant now = now();
        int reminded = 0;
        for (String taskForceId : calendar.taskForces()) {
            for (String caseId : calendar.filedUpTo(taskForceId, now.plus(policy.reminderLead()))) {
                Optional<Versioned<Case>> before = cases.find(caseId);
                if (before.isEmpty() || !taskForceId.equals(before.get().value().taskForceId())) {
                    continue;
                }
                try {
                    Versioned<Case> after = coordination.command(
                            caseId, null, (c, roster) -> c.remind(policy.period(), policy.reminderLead(), now));
                    if (after.version() != before.get().version()) {
                        reminded++;
                    }
                } catch (Refusal | IllegalStateException skipped) {
                    // purged or changed meanwhile: the next run sees it as it stands
                }
            }
        }
        return reminded;
    }

    /**
     * The lapse job's work: each case whose review fell due more than the grace period ago and was neither
     * validated nor purged is purged ({@code REVIEW_LAPSED}, decided by nobody) and erased. Answers how many.
     */
    public int lapse() {
        Instant now = now();
        int lapsed = 0;
        for (String taskForceId : calendar.taskForces()) {
            for (String caseId : calendar.filedUpTo(taskForceId, now.minus(policy.grace()))) {
                Optional<Versioned<Case>> before = cases.find(caseId);
                if (before.isEmpty()
                        || before.get().value().purged()
                        || !taskForceId.equals(before.get().value().taskForceId())) {
                    continue;
                }
                if (!before.get()
                        .value()
                        .lapse(policy.period(), policy.grace(), now)
                        .changed()) {
                    continue;
                }
                try {
                    erasure.expect(caseId);
                    Versioned<Case> after = coordination.command(
                            caseId, null, (c, roster) -> c.lapse(policy.period(), policy.grace(), now));
                    if (after.value().purged()) {
                        audit.allowed(REVIEW_JOB, PURGE, CaseAccess.OBJECT_TYPE_CASE, caseId);
                        erasure.begin(after.value(), null);
                        erasure.complete(caseId);
                        lapsed++;
                    }
                } catch (Refusal | IllegalStateException skipped) {
                    // changed meanwhile: the next run sees it as it stands
                }
            }
        }
        return lapsed;
    }

    /** The erasure job's work: finishes every erasure a crash or a slow relay left pending. */
    public int resumeErasures() {
        int completed = 0;
        for (String caseId : erasure.pending()) {
            if (erasure.complete(caseId)) {
                completed++;
            }
        }
        return completed;
    }

    private Instant now() {
        return clock.instant();
    }
}
