package taskforce.intake.directory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.intake.IntakeServiceApplication;

/**
 * Keeps the directory read model from the compacted directory topic. Every event carries the entity's whole
 * state and is applied as an upsert by id, so redelivery is harmless and no processed-event log is needed.
 */
@Component
class DirectoryListener {

    private final Directory directory;
    private final EventCodec codec = EventCodec.instance();

    DirectoryListener(Directory directory) {
        this.directory = directory;
    }

    @KafkaListener(topics = Topics.DIRECTORY_NAME, groupId = IntakeServiceApplication.NAME)
    void on(CloudEvent event) {
        String type = event.type();
        if (EventTypes.AGENCY_UPSERTED.name().equals(type)) {
            directory.upsert(codec.payload(event, EventTypes.AGENCY_UPSERTED));
        } else if (EventTypes.TASK_FORCE_UPSERTED.name().equals(type)) {
            directory.upsert(codec.payload(event, EventTypes.TASK_FORCE_UPSERTED));
        } else if (EventTypes.MEMBER_UPSERTED.name().equals(type)) {
            directory.upsert(codec.payload(event, EventTypes.MEMBER_UPSERTED));
        } else if (EventTypes.AGREEMENT_UPSERTED.name().equals(type)) {
            directory.upsert(codec.payload(event, EventTypes.AGREEMENT_UPSERTED));
        }
    }
}
