package taskforce.contracts.schema;

import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topic;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseNotice;
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
        doc.withObject("servers")
                .putObject("agency-webhook")
                .put("host", "the host of the subscription's url")
                .put("protocol", "https")
                .put(
                        "description",
                        "An agency's webhook endpoint: notification-service POSTs each case event as one CloudEvent"
                                + " (application/cloudevents+json), signed per Standard Webhooks (webhook-id,"
                                + " webhook-timestamp, webhook-signature over the bytes sent).");
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
        webhookChannel(channels, messages);
        return doc;
    }

    /**
     * What agencies receive by webhook: every case event in one of two forms, chosen at each send by the
     * dissemination rule. The full form is the event as published; the thin form keeps its envelope and carries
     * a {@link CaseNotice} as data.
     */
    private static void webhookChannel(ObjectNode channels, ObjectNode messages) {
        ObjectNode channel = channels.putObject("agency-webhook");
        channel.putNull("address");
        channel.putArray("servers").addObject().put("$ref", "#/servers/agency-webhook");
        channel.put(
                "description",
                "Case events of a subscription's scope, POSTed to the agency's url. Thin by default (message "
                        + CaseNotice.NAME + ": the event's id, type, source, subject and time; data = case id,"
                        + " number, task force and status, dataschema " + CaseNotice.SCHEMA + "). The full event"
                        + " (its case.* message, content included) goes only to an agency with a member assigned to"
                        + " the case at the time of sending, or whose lead the case holds. Receivers read the rest"
                        + " from case-service with their own token.");
        ObjectNode channelMessages = channel.putObject("messages");
        ObjectNode notice = messages.putObject(CaseNotice.NAME);
        notice.put("name", CaseNotice.NAME);
        notice.put("contentType", CloudEvent.MEDIA_TYPE);
        notice.putObject("payload").put("$ref", "schemas/" + CaseNotice.NAME + ".json");
        channelMessages.putObject(CaseNotice.NAME).put("$ref", "#/components/messages/" + CaseNotice.NAME);
        for (EventType<?> type : EventTypes.ALL) {
            if (type.topic().equals(Topics.CASES)) {
                channelMessages.putObject(type.name()).put("$ref", "#/components/messages/" + type.name());
            }
        }
    }

    public static String write() {
        return EventCodec.instance().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(build()) + "\n";
    }
}
