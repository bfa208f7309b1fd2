package taskforce.contracts.audit;

import java.time.Instant;
import java.util.List;

/**
 * One read or write of a lead or a case, as the owning service saw it: who (the token's subject, member and
 * agency), what (an action such as {@code case.read} or {@code case.assign}), which object, when, from which
 * address, and whether it was allowed. It names the object by id only and never carries its content.
 */
public record AccessRecorded(
        String auditId,
        String service,
        String actorId,
        String subject,
        String agencyId,
        List<String> roles,
        String action,
        String objectType,
        String objectId,
        AuditOutcome outcome,
        String reason,
        String remoteAddress,
        Instant occurredAt) {}
