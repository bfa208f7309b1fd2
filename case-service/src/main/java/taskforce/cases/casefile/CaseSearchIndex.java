package taskforce.cases.casefile;

import java.util.Set;

/**
 * Where a board search finds cases by key rather than by reading through them: the indexes triage keeps of the
 * cases' identifiers and people. Each answers the ids of the cases of the given task forces filed under what the
 * reader typed; the list then reads those cases by {@code _id} with the other filters applied.
 */
public interface CaseSearchIndex {

    /** The cases of {@code taskForceIds} filed under {@code q}; never more than a board could page through. */
    Set<String> caseIdsFor(String q, Set<String> taskForceIds);
}
