package taskforce.cases.directory;

import java.util.List;
import taskforce.contracts.directory.MemberRole;

/** A task force member; a COORDINATOR coordinates every task force in {@code taskForceIds}. */
public record Member(
        String id, String name, String agencyId, String email, List<String> taskForceIds, MemberRole role) {

    public Member {
        taskForceIds = taskForceIds == null ? List.of() : List.copyOf(taskForceIds);
    }

    public boolean belongsTo(String taskForceId) {
        return taskForceIds.contains(taskForceId);
    }

    public boolean coordinates(String taskForceId) {
        return role == MemberRole.COORDINATOR && belongsTo(taskForceId);
    }
}
