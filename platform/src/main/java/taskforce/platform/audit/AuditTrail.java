package taskforce.platform.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.audit.AccessRecorded;
import taskforce.contracts.audit.AuditOutcome;
import taskforce.platform.outbox.OutboxEntry;
import taskforce.platform.outbox.OutboxRelay;
import taskforce.platform.security.Caller;

/**
 * The append-only record of every read and write of a lead or a case, kept in the owning service's database
 * (collection {@value #COLLECTION}) and published as {@code audit.access-recorded.v1} on {@code
 * taskforce.audit.v1}. Each record is inserted once, with its event in its own outbox, so the record and its
 * publication cannot part; records are never updated apart from the relay emptying that outbox.
 */
public class AuditTrail {

    public static final String COLLECTION = "audit";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final String service;
    private final Clock clock;

    public AuditTrail(MongoTemplate mongo, OutboxRelay relay, String service, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.service = service;
        this.clock = clock;
        relay.register(COLLECTION);
    }

    public AccessRecorded allowed(Caller caller, String action, String objectType, String objectId) {
        return record(caller, action, objectType, objectId, AuditOutcome.ALLOWED, null);
    }

    /** The reason says why in general terms; it must never quote the object's content. */
    public AccessRecorded refused(Caller caller, String action, String objectType, String objectId, String reason) {
        return record(caller, action, objectType, objectId, AuditOutcome.REFUSED, reason);
    }

    private AccessRecorded record(
            Caller caller, String action, String objectType, String objectId, AuditOutcome outcome, String reason) {
        Instant now = clock.instant();
        String auditId = UUID.randomUUID().toString();
        List<String> roles =
                new ArrayList<>(caller.roles().stream().map(Enum::name).sorted().toList());
        AccessRecorded access = new AccessRecorded(
                auditId,
                service,
                caller.actorId(),
                caller.subject(),
                caller.agencyId(),
                roles,
                action,
                objectType,
                objectId,
                outcome,
                reason,
                caller.remoteAddress(),
                now);
        CloudEvent event =
                EventCodec.instance().wrap(EventTypes.ACCESS_RECORDED, auditId, "/" + service, objectId, now, access);
        OutboxEntry entry = OutboxEntry.of(event);
        Document document = new Document("_id", auditId)
                .append("service", service)
                .append("actorId", access.actorId())
                .append("subject", access.subject())
                .append("agencyId", access.agencyId())
                .append("roles", roles)
                .append("action", action)
                .append("objectType", objectType)
                .append("objectId", objectId)
                .append("outcome", outcome.name())
                .append("reason", reason)
                .append("remoteAddress", access.remoteAddress())
                .append("occurredAt", java.util.Date.from(now))
                .append(
                        OutboxRelay.FIELD,
                        List.of(new Document("eventId", entry.eventId())
                                .append("topic", entry.topic())
                                .append("key", entry.key())
                                .append("type", entry.type())
                                .append("event", entry.event())
                                .append("createdAt", java.util.Date.from(entry.createdAt()))));
        mongo.getCollection(COLLECTION).insertOne(document);
        relay.flush(COLLECTION, auditId);
        return access;
    }
}
