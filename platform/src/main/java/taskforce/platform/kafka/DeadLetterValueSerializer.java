package taskforce.platform.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serializer;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;

/**
 * Writes a failed record to its dead-letter topic as it arrived: the original bytes when it could not even be
 * read, the CloudEvent JSON when processing failed.
 */
public class DeadLetterValueSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof CloudEvent event) {
            return EventCodec.instance().write(event).getBytes(StandardCharsets.UTF_8);
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }
}
