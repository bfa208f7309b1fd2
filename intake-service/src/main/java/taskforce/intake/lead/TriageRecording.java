package taskforce.intake.lead;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.intake.IntakeServiceApplication;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.outbox.AggregateStore.Versioned;

/** Records on each lead what triage made of it, once per triage event. */
@Service
public class TriageRecording {

    static final String CONSUMER = IntakeServiceApplication.NAME + ".lead-triage";

    private final Leads leads;
    private final ProcessedEvents processed;
    private final Clock clock;
    private final PurgedLeads purged;

    TriageRecording(Leads leads, ProcessedEvents processed, Clock clock, PurgedLeads purged) {
        this.purged = purged;
        this.leads = leads;
        this.processed = processed;
        this.clock = clock;
    }

    public void record(CloudEvent event) {
        LeadTriaged triaged = EventCodec.instance().payload(event, EventTypes.LEAD_TRIAGED);
        processed.runOnce(CONSUMER, event, () -> apply(event, triaged));
    }

    // idempotent by itself (Lead.afterTriage ignores a report already applied), as runOnce requires
    private void apply(CloudEvent event, LeadTriaged triaged) {
        String leadId = triaged.leadId() != null ? triaged.leadId() : event.subject();
        if (leadId == null) {
            throw new IllegalArgumentException("triage event " + event.id() + " names no lead");
        }
        Optional<Versioned<Lead>> found = leads.find(leadId);
        if (found.isEmpty() && purged.find(leadId).isPresent()) {
            return; // a report re-driven after the lead's case was purged: nothing of the lead is to come back
        }
        Versioned<Lead> lead = found.orElseThrow(
                () -> new IllegalArgumentException("triage event " + event.id() + " for unknown lead " + leadId));
        Instant triagedAt = triaged.triagedAt() != null
                ? triaged.triagedAt()
                : event.time() != null ? event.time() : clock.instant();
        lead.value()
                .afterTriage(triaged.outcome(), triaged.caseId(), triaged.caseNumber(), triaged.reason(), triagedAt)
                .ifPresent(changed -> leads.update(changed, lead.version()));
    }
}
