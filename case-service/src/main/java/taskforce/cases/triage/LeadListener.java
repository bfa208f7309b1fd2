package taskforce.cases.triage;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.cases.CaseServiceApplication;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.platform.inbox.ProcessedEvents;

/** Feeds submitted leads to triage, skipping events it has processed already. */
@Component
class LeadListener {

    static final String CONSUMER = "case-triage";

    private final CaseTriage triage;
    private final ProcessedEvents processed;

    LeadListener(CaseTriage triage, ProcessedEvents processed) {
        this.triage = triage;
        this.processed = processed;
    }

    @KafkaListener(topics = Topics.LEADS_NAME, groupId = CaseServiceApplication.NAME)
    void on(CloudEvent event) {
        if (!EventTypes.LEAD_SUBMITTED.name().equals(event.type())) {
            return; // another type on the topic is not for triage
        }
        LeadSubmitted lead = EventCodec.instance().payload(event, EventTypes.LEAD_SUBMITTED);
        processed.runOnce(CONSUMER, event, () -> triage.triage(lead));
    }
}
