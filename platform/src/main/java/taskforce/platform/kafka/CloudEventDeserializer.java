package taskforce.platform.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.MalformedEventException;

/**
 * Reads a record value as a CloudEvent. Wrapped in spring-kafka's ErrorHandlingDeserializer, so a record that
 * is not one goes to the dead-letter topic instead of stopping its partition.
 */
public class CloudEventDeserializer implements Deserializer<CloudEvent> {

    @Override
    public CloudEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new MalformedEventException("record on " + topic + " has no value");
        }
        return EventCodec.instance().read(new String(data, StandardCharsets.UTF_8));
    }
}
