package taskforce.contracts.schema;

import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The AsyncAPI 3.0 document of every topic and event type, derived from the catalogues so it cannot drift. */
public final class AsyncApiDocument {

    private AsyncApiDocument() {}

    public static ObjectNode build() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Task Force Case Coordination events");
        info.put("version", "1.0.0");
        info.put(
                "description",
                "CloudEvents 1.0 in structured JSON mode. The record key is the aggregate id "
                        + "(the event's subject), so all events of one lead or case stay in order on one partition. "
                        + "Payloads are additive-only within a major version; consumers ignore unknown fields and drop "
                        + "repeats by event id. Records that fail processing go to <topic>.dlt with the cause in headers.");
        doc.put("defaultContentType", CloudEvent.MEDIA_TYPE);
        doc.putObject("servers")
                .putObject("local")
                .put("host", "localhost:9092")
                .put("protocol", "kafka");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode messages = doc.putObject("components").putObject("messages");
        for (Topic topic : Topics.ALL) {
            ObjectNode channel = channels.putObject(topic.name());
            channel.put("address", topic.name());
            channel.put("description", "key: " + topic.key() + (topic.compacted() ? "; compacted" : ""));
            ObjectNode channelMessages = channel.putObject("messages");
            for (EventType<?> type : EventTypes.ALL) {
                if (type.topic().equals(topic)) {
                    channelMessages.putObject(type.name()).put("$ref", "#/components/messages/" + type.name());
                    ObjectNode message = messages.putObject(type.name());
                    message.put("name", type.name());
                    message.put("contentType", CloudEvent.MEDIA_TYPE);
                    message.putObject("payload").put("$ref", "schemas/" + type.name() + ".json");
                }
            }
        }
        return doc;
    }

    public static String write() {
        return EventCodec.instance().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(build()) + "\n";
    }
}
