package taskforce.intake.lead;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.intake.IntakeServiceApplication;

/**
 * Hears the case topic for two events only (issue 15): a purged case's leads are erased here too, and the leads a
 * merge moved are followed into the surviving case. Every other case event is passed over.
 */
@Component
class CaseListener {

    private final LeadErasure erasure;
    private final CaseAbsorption absorption;

    CaseListener(LeadErasure erasure, CaseAbsorption absorption) {
        this.erasure = erasure;
        this.absorption = absorption;
    }

    @KafkaListener(topics = Topics.CASES_NAME, groupId = IntakeServiceApplication.NAME)
    void on(CloudEvent event) {
        if (EventTypes.CASE_PURGED.name().equals(event.type())) {
            erasure.erase(event);
        } else if (EventTypes.CASE_ABSORBED.name().equals(event.type())) {
            absorption.follow(event);
        }
    }
}
