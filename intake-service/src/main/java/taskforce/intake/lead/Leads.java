package taskforce.intake.lead;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;
import taskforce.platform.web.Paging;

/** The leads, each one document keyed by lead id with its outgoing events in the same document. */
@Component
public class Leads {

    static final String COLLECTION = "leads";

    private final MongoTemplate mongo;
    private final AggregateStore<Lead> store;

    public Leads(MongoTemplate mongo, OutboxRelay relay) {
        this.mongo = mongo;
        this.store = new AggregateStore<>(mongo, relay, Lead.class, COLLECTION, false);
    }

    public Optional<Versioned<Lead>> find(String leadId) {
        return store.find(leadId);
    }

    /**
     * Stores a new lead with its event in one write and answers it as stored; empty when a lead with this id exists
     * already.
     */
    Optional<Versioned<Lead>> insert(Lead lead, CloudEvent submitted) {
        List<Versioned<Lead>> stored = new java.util.ArrayList<>(1);
        DuplicateKeys.insertIfAbsent(() -> stored.add(store.insert(lead.id(), lead, List.of(submitted))));
        return stored.stream().findFirst();
    }

    /** Changes a lead that is still at {@code expectedVersion}; intake publishes nothing on such changes. */
    long update(Lead lead, long expectedVersion) {
        return store.update(lead.id(), expectedVersion, lead, List.of());
    }

    /** Removes the lead's document, its content and any outbox entries with it (a purge, issue 15). */
    void delete(String leadId) {
        mongo.getCollection(COLLECTION).deleteOne(new Document("_id", leadId));
    }

    /** Newest first. A listing for people, so it may scan. */
    LeadPage page(String agencyId, LeadStatus status, Paging paging) {
        Query filter = new Query();
        if (agencyId != null && !agencyId.isBlank()) {
            filter.addCriteria(where("agencyId").is(agencyId));
        }
        if (status != null) {
            filter.addCriteria(where("status").is(status.name()));
        }
        long total = mongo.count(filter, COLLECTION);
        Query window = Query.of(filter)
                .with(Sort.by(Sort.Order.desc("receivedAt"), Sort.Order.desc("_id")))
                .skip(paging.offset())
                .limit(paging.size());
        List<LeadView> content = mongo.find(window, Document.class, COLLECTION).stream()
                .map(doc -> LeadView.of(
                        mongo.getConverter().read(Lead.class, doc),
                        ((Number) doc.getOrDefault(AggregateStore.VERSION, 0L)).longValue()))
                .toList();
        return new LeadPage(content, paging.page(), paging.size(), total);
    }
}
