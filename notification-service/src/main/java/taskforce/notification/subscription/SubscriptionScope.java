package taskforce.notification.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** One case, or every case of one task force. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionScope(String caseId, String taskForceId) {

    static final String CASE_PREFIX = "case:";
    static final String TASK_FORCE_PREFIX = "task-force:";

    /** The key of the scope index entry that lists this scope's subscriptions. */
    public String indexKey() {
        return caseId != null ? CASE_PREFIX + caseId : TASK_FORCE_PREFIX + taskForceId;
    }

    /** The index keys an event of this case can match: its own case and its task force. */
    public static List<String> keysMatching(String caseId, String taskForceId) {
        List<String> keys = new ArrayList<>(2);
        if (caseId != null && !caseId.isBlank()) {
            keys.add(CASE_PREFIX + caseId);
        }
        if (taskForceId != null && !taskForceId.isBlank()) {
            keys.add(TASK_FORCE_PREFIX + taskForceId);
        }
        return keys;
    }

    public boolean covers(String eventCaseId, String eventTaskForceId) {
        return caseId != null
                ? caseId.equals(eventCaseId)
                : taskForceId != null && taskForceId.equals(eventTaskForceId);
    }
}
