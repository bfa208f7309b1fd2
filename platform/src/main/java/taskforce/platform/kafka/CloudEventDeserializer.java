package taskforce.platform.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.Topics;

/**
 * Reads a record value as a CloudEvent of a type that belongs on the topic it came from. Wrapped in spring-kafka's
 * ErrorHandlingDeserializer, so a record that is not one (not JSON, not a CloudEvent, or a type of another topic)
 * goes to the dead-letter topic instead of stopping its partition or being silently dropped; a CloudEvent of a type
 * this build does not know is skipped by the error handler and counted.
 */
public class CloudEventDeserializer implements Deserializer<CloudEvent> {

    @Override
    public CloudEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new MalformedEventException("record on " + topic + " has no value");
        }
        CloudEvent event = EventCodec.instance().read(new String(data, StandardCharsets.UTF_8));
        boolean topicOfTheSystem =
                Topics.ALL.stream().anyMatch(known -> known.name().equals(topic));
        String home = EventTypes.byName(event.type()).orElseThrow().topic().name();
        if (topicOfTheSystem && !home.equals(topic)) {
            throw new MalformedEventException(
                    event.type() + " " + event.id() + " belongs on " + home + ", not on " + topic);
        }
        return event;
    }
}
