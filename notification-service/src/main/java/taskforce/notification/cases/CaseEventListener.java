package taskforce.notification.cases;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.Topics;
import taskforce.notification.NotificationApplication;
import taskforce.platform.inbox.ProcessedEvents;

@Component
class CaseEventListener {

    static final String CONSUMER = NotificationApplication.NAME + ".cases";

    private final ProcessedEvents processed;
    private final CaseNotifications notifications;

    CaseEventListener(ProcessedEvents processed, CaseNotifications notifications) {
        this.processed = processed;
        this.notifications = notifications;
    }

    @KafkaListener(
            topics = Topics.CASES_NAME,
            groupId = NotificationApplication.NAME,
            containerFactory = CaseEventsConsumerConfiguration.RAW_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new MalformedEventException("record on " + record.topic() + " has no value");
        }
        String json = new String(record.value(), StandardCharsets.UTF_8);
        CloudEvent event = EventCodec.instance().read(json);
        processed.runOnce(CONSUMER, event, () -> notifications.handle(event, json));
    }
}
