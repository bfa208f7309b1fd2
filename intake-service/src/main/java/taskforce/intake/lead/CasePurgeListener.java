package taskforce.intake.lead;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.intake.IntakeServiceApplication;

/** Hears the case topic for one event only: a purged case's leads are erased here too (issue 15). */
@Component
class CasePurgeListener {

    private final LeadErasure erasure;

    CasePurgeListener(LeadErasure erasure) {
        this.erasure = erasure;
    }

    @KafkaListener(topics = Topics.CASES_NAME, groupId = IntakeServiceApplication.NAME)
    void on(CloudEvent event) {
        if (EventTypes.CASE_PURGED.name().equals(event.type())) {
            erasure.erase(event);
        }
    }
}
