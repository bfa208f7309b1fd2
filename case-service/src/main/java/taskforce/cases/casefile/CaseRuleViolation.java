package taskforce.cases.casefile;

import java.util.List;
import java.util.Set;
import taskforce.contracts.cases.CaseStatus;

/** A command that the rules of a case refuse; {@code kind} tells the caller what to do about it. */
public class CaseRuleViolation extends RuntimeException {

    public enum Kind {
        /** the field names something that cannot take part (not a member of the task force, unknown agency) */
        NOT_A_MEMBER,
        /** only a coordinator of the task force may do this */
        NOT_A_COORDINATOR,
        /** the member is assigned already */
        ALREADY_ASSIGNED,
        /** the member is not assigned */
        NOT_ASSIGNED,
        /** the lifecycle does not allow the move from the current status */
        ILLEGAL_TRANSITION,
        /** the field names a case of another task force where only one task force's cases may meet (a merge) */
        OTHER_TASK_FORCE,
        /** a field is missing or wrong */
        INVALID
    }

    private final Kind kind;
    private final String field;
    private final List<CaseStatus> legalNext;

    public CaseRuleViolation(Kind kind, String field, String message) {
        this(kind, field, message, Set.of());
    }

    public CaseRuleViolation(Kind kind, String field, String message, Set<CaseStatus> legalNext) {
        super(message);
        this.kind = kind;
        this.field = field;
        this.legalNext = legalNext.stream().sorted().toList();
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    public List<CaseStatus> legalNext() {
        return legalNext;
    }
}
