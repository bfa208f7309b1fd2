package taskforce.contracts.directory;

import java.util.List;

/**
 * A task force member; a COORDINATOR coordinates every task force in {@code taskForceIds}.
 *
 * @param version the entity's version in the directory (optional); see {@link AgencyUpserted#version()}
 */
public record MemberUpserted(
        String id,
        String name,
        String agencyId,
        String email,
        List<String> taskForceIds,
        MemberRole role,
        Long version) {

    public MemberUpserted(
            String id, String name, String agencyId, String email, List<String> taskForceIds, MemberRole role) {
        this(id, name, agencyId, email, taskForceIds, role, null);
    }
}
