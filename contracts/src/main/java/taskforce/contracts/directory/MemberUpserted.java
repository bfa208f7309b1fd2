package taskforce.contracts.directory;

import java.util.List;

/** A task force member; a COORDINATOR coordinates every task force in {@code taskForceIds}. */
public record MemberUpserted(
        String id, String name, String agencyId, String email, List<String> taskForceIds, MemberRole role) {}
