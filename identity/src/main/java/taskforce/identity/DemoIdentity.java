package taskforce.identity;

import java.util.List;

/**
 * One identity the provider knows, with the claims its access tokens carry: {@code roles}, {@code agency_id},
 * {@code member_id} and {@code task_force_ids} (the names the services read, see the platform's TokenClaims).
 */
public record DemoIdentity(
        String username, String displayName, String role, String agencyId, String memberId, List<String> taskForceIds) {

    public DemoIdentity {
        taskForceIds = taskForceIds == null ? List.of() : List.copyOf(taskForceIds);
    }
}
