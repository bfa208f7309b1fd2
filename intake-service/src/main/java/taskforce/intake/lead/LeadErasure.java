package taskforce.intake.lead;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CasePurged;
import taskforce.intake.IntakeServiceApplication;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.outbox.AggregateStore.Versioned;

/**
 * Erases the leads of a purged case ({@code case.purged.v1}, issue 15), once per event: everything the agency sent
 * (the lead's document with its content and outbox), the answers recorded under its {@code Idempotency-Key}s (they
 * carry the lead as it was answered) and its claim on the agency's record number, leaving a stub ({@link
 * PurgedLeads}: lead id, agency, purge time). The audit trail stays.
 *
 * <p>Without transactions the writes are ordered so that a crash between any two is finished by the redelivered
 * event: the stub first, then what the lead's document points to, the document last; a lead already gone is left
 * as it is. Every step is by {@code _id}.
 */
@Service
public class LeadErasure {

    static final String CONSUMER = IntakeServiceApplication.NAME + ".case-purge";

    private static final Logger log = LoggerFactory.getLogger(LeadErasure.class);

    private final Leads leads;
    private final PurgedLeads purged;
    private final IdempotencyKeys keys;
    private final DuplicateAnswerKeys duplicates;
    private final LeadReferences references;
    private final ProcessedEvents processed;
    private final Clock clock;

    LeadErasure(
            Leads leads,
            PurgedLeads purged,
            IdempotencyKeys keys,
            DuplicateAnswerKeys duplicates,
            LeadReferences references,
            ProcessedEvents processed,
            Clock clock) {
        this.leads = leads;
        this.purged = purged;
        this.keys = keys;
        this.duplicates = duplicates;
        this.references = references;
        this.processed = processed;
        this.clock = clock;
    }

    public void erase(CloudEvent event) {
        CasePurged purge = EventCodec.instance().payload(event, EventTypes.CASE_PURGED);
        Instant purgedAt =
                (purge.purgedAt() != null ? purge.purgedAt() : clock.instant()).truncatedTo(ChronoUnit.MILLIS);
        processed.runOnce(CONSUMER, event, () -> purge.leadIds().forEach(leadId -> erase(leadId, purgedAt)));
    }

    private void erase(String leadId, Instant purgedAt) {
        Optional<Versioned<Lead>> found = leads.find(leadId);
        if (found.isEmpty()) {
            if (purged.find(leadId).isEmpty()) {
                log.warn("a purge names lead {}, which intake does not hold", leadId);
            }
            return;
        }
        Lead lead = found.get().value();
        purged.record(new PurgedLeads.Stub(leadId, lead.agencyId(), purgedAt));
        if (lead.idempotencyKey() != null) {
            keys.forget(lead.agencyId(), lead.idempotencyKey(), leadId);
        }
        for (Document answer : duplicates.of(leadId)) {
            keys.forget(answer.getString("agencyId"), answer.getString("key"), leadId);
        }
        duplicates.forget(leadId);
        if (lead.agencyReference() != null) {
            references.release(lead.agencyId(), lead.agencyReference(), leadId);
        }
        leads.delete(leadId);
    }
}
