package taskforce.platform.audit;

import com.mongodb.client.model.Indexes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
import taskforce.platform.security.Caller;

/**
 * The append-only record of every read and write of a lead or a case, kept in the owning service's database
 * (collection {@value #COLLECTION}) and published as {@code audit.access-recorded.v1} on {@code
 * taskforce.audit.v1}.
 *
 * <p>Recording costs one write on the request path: the record and its event are inserted together into
 * {@value #PENDING}, so neither can exist without the other, and the audit lane ({@link AuditRelay}) copies the
 * record to {@value #COLLECTION}, publishes the event and removes it from {@value #PENDING}, in batches, off the
 * request path. Records are never updated.
 */
public class AuditTrail {

    public static final String COLLECTION = "audit";
    /** Records not yet copied to {@value #COLLECTION} and published; holds nothing else. */
    public static final String PENDING = "audit_pending";
    /** What a pending record carries for its publication only. */
    static final List<String> PUBLICATION_FIELDS = List.of("topic", "key", "event");

    private final MongoTemplate mongo;
    private final AuditRelay relay;
    private final String service;
    private final Clock clock;

    public AuditTrail(MongoTemplate mongo, AuditRelay relay, String service, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.service = service;
        this.clock = clock;
        // what GET /api/audit asks; production MongoDB uses these, the in-process store drops them
        mongo.getCollection(COLLECTION)
                .createIndex(Indexes.compoundIndex(Indexes.ascending("objectId"), Indexes.descending("occurredAt")));
        mongo.getCollection(COLLECTION)
                .createIndex(Indexes.compoundIndex(Indexes.ascending("actorId"), Indexes.descending("occurredAt")));
        // GET /api/audit reads the records not yet relayed with the same filters
        mongo.getCollection(PENDING).createIndex(Indexes.ascending("objectId"));
        mongo.getCollection(PENDING).createIndex(Indexes.ascending("actorId"));
    }

    public void allowed(Caller caller, String action, String objectType, String objectId) {
        record(caller, action, objectType, objectId, AuditOutcome.ALLOWED, null);
    }

    /**
     * One allowed access per object, as a list that returned several objects makes them, recorded in one write: a
     * page of 200 cases costs the request one insert, not 200, and each case still finds its reader.
     */
    public void allowedEach(Caller caller, String action, String objectType, Collection<String> objectIds) {
        if (objectIds.isEmpty()) {
            return;
        }
        List<Document> documents = objectIds.stream()
                .map(objectId -> document(caller, action, objectType, objectId, AuditOutcome.ALLOWED, null))
                .toList();
        mongo.getCollection(PENDING).insertMany(documents);
        relay.flush(documents);
    }

    /** The reason says why in general terms; it must never quote the object's content. */
    public void refused(Caller caller, String action, String objectType, String objectId, String reason) {
        record(caller, action, objectType, objectId, AuditOutcome.REFUSED, reason);
    }

    private void record(
            Caller caller, String action, String objectType, String objectId, AuditOutcome outcome, String reason) {
        Document document = document(caller, action, objectType, objectId, outcome, reason);
        mongo.getCollection(PENDING).insertOne(document);
        relay.flush(List.of(document));
    }

    /** The pending record of one access: the record's fields and its event, inserted together. */
    private Document document(
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
        return new Document("_id", auditId)
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
                .append("topic", entry.topic())
                .append("key", entry.key())
                .append("event", entry.event());
    }
}
