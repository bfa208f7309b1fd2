package taskforce.cases.casefile;

import static taskforce.contracts.cases.CaseStatus.ACTIVE;
import static taskforce.contracts.cases.CaseStatus.ASSIGNED;
import static taskforce.contracts.cases.CaseStatus.CLOSED;
import static taskforce.contracts.cases.CaseStatus.MERGED;
import static taskforce.contracts.cases.CaseStatus.OPEN;
import static taskforce.contracts.cases.CaseStatus.SUSPENDED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import taskforce.contracts.cases.CaseStatus;

/**
 * OPEN → ASSIGNED → ACTIVE ⇄ SUSPENDED → CLOSED; an open or active case may also be closed (with a reason). MERGED
 * is the end of a case merged into another, which only a merge reaches.
 */
public final class Lifecycle {

    private static final Map<CaseStatus, Set<CaseStatus>> NEXT = Map.of(
            OPEN, EnumSet.of(ASSIGNED, CLOSED),
            ASSIGNED, EnumSet.of(ACTIVE),
            ACTIVE, EnumSet.of(SUSPENDED, CLOSED),
            SUSPENDED, EnumSet.of(ACTIVE, CLOSED),
            CLOSED, EnumSet.noneOf(CaseStatus.class),
            // reached by a merge only, never by a status change, and left by nothing
            MERGED, EnumSet.noneOf(CaseStatus.class));

    private Lifecycle() {}

    public static Set<CaseStatus> legalNext(CaseStatus from) {
        return Set.copyOf(NEXT.get(from));
    }

    public static boolean allows(CaseStatus from, CaseStatus to) {
        return NEXT.get(from).contains(to);
    }
}
