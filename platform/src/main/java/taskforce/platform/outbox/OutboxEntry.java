package taskforce.platform.outbox;

import java.time.Instant;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.MalformedEventException;

/**
 * An event waiting in an aggregate document to be relayed to Kafka. It is written in the same document
 * update as the state change that caused it, so neither can exist without the other.
 */
public record OutboxEntry(String eventId, String topic, String key, String type, String event, Instant createdAt) {

    public static OutboxEntry of(CloudEvent event) {
        String topic = EventTypes.byName(event.type())
                .orElseThrow(() -> new MalformedEventException("unknown event type " + event.type()))
                .topic()
                .name();
        return new OutboxEntry(
                event.id(),
                topic,
                event.subject(),
                event.type(),
                EventCodec.instance().write(event),
                event.time());
    }
}
