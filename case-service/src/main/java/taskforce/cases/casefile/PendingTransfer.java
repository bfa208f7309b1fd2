package taskforce.cases.casefile;

import java.time.Instant;

/** A transfer of the case proposed to another task force and not yet decided; a case has at most one. */
public record PendingTransfer(
        String transferId, String toTaskForceId, String reason, String proposedBy, Instant proposedAt) {}
