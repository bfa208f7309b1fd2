package taskforce.intake.lead;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.intake.IntakeServiceApplication;

@Component
class LeadTriageListener {

    private final TriageRecording triage;

    LeadTriageListener(TriageRecording triage) {
        this.triage = triage;
    }

    @KafkaListener(topics = Topics.LEAD_TRIAGE_NAME, groupId = IntakeServiceApplication.NAME)
    void on(CloudEvent event) {
        if (EventTypes.LEAD_TRIAGED.name().equals(event.type())) {
            triage.record(event);
        }
    }
}
