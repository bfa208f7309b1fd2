package taskforce.contracts.schema;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.cases.CaseNotice;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schema (2020-12) of each event type's CloudEvent, derived from its payload record, so the published
 * schema cannot drift from what producers write. Objects allow further properties: payloads grow additively.
 */
public final class JsonSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonSchemas() {}

    public static ObjectNode forEventType(EventType<?> type) {
        ObjectNode schema = envelope(
                type.name(),
                "CloudEvents 1.0 structured mode; data is a "
                        + type.payloadType().getSimpleName() + "; Kafka topic "
                        + type.topic().name() + ", key = " + type.topic().key());
        schema.withObject("properties").putObject("type").put("const", type.name());
        schema.withObject("properties").set("data", schemaOf(type.payloadType()));
        return schema;
    }

    /**
     * The thin form of every case event, as webhooks carry it to agencies the dissemination rule does not entitle
     * to content: the event's envelope, {@code dataschema} naming this schema, and a {@link CaseNotice} as data.
     */
    public static ObjectNode forCaseNotice() {
        ObjectNode schema = envelope(
                CaseNotice.NAME,
                "The thin form of any case event (type case.*) sent by webhook to an agency not entitled to the"
                        + " case's content: same id, type, source, subject and time as the event, data a CaseNotice"
                        + " (no subjects, identifiers, notes, narratives, titles or contacts); the receiver reads"
                        + " the case from case-service with its own token");
        ObjectNode properties = schema.withObject("properties");
        properties.putObject("type").put("type", "string").put("pattern", "^case\\.");
        properties.putObject("dataschema").put("const", CaseNotice.SCHEMA);
        properties.set("data", schemaOf(CaseNotice.class));
        schema.withArray("required").add("dataschema");
        return schema;
    }

    public static String writeCaseNotice() {
        return EventCodec.instance().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(forCaseNotice())
                + "\n";
    }

    private static ObjectNode envelope(String name, String description) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://taskforce.example/schemas/" + name + ".json");
        schema.put("title", name);
        schema.put("description", description);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("specversion").put("const", CloudEvent.SPEC_VERSION);
        properties
                .putObject("id")
                .put("type", "string")
                .put("description", "unique per event; consumers' idempotency key");
        properties.putObject("source").put("type", "string");
        properties.putNull("type");
        properties.putObject("time").put("type", "string").put("format", "date-time");
        properties
                .putObject("subject")
                .put("type", "string")
                .put("description", "the aggregate id, also the record key");
        properties.putObject("datacontenttype").put("const", "application/json");
        properties.putNull("data");
        ArrayNode required = schema.putArray("required");
        for (String field : new String[] {"specversion", "id", "source", "type", "subject", "data"}) {
            required.add(field);
        }
        return schema;
    }

    public static String write(EventType<?> type) {
        return EventCodec.instance().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(forEventType(type))
                + "\n";
    }

    private static ObjectNode schemaOf(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            ObjectNode array = JSON.objectNode().put("type", "array");
            array.set("items", schemaOf(parameterized.getActualTypeArguments()[0]));
            return array;
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return JSON.objectNode().put("type", "string");
        }
        if (raw == Instant.class) {
            return JSON.objectNode().put("type", "string").put("format", "date-time");
        }
        if (raw == LocalDate.class) {
            return JSON.objectNode().put("type", "string").put("format", "date");
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return JSON.objectNode().put("type", "integer");
        }
        if (raw == Double.class || raw == double.class || raw == BigDecimal.class) {
            return JSON.objectNode().put("type", "number");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (raw.isEnum()) {
            ObjectNode schema = JSON.objectNode().put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(constant.toString());
            }
            return schema;
        }
        if (raw.isRecord()) {
            ObjectNode schema = JSON.objectNode().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            for (RecordComponent component : raw.getRecordComponents()) {
                properties.set(component.getName(), schemaOf(component.getGenericType()));
            }
            return schema;
        }
        throw new IllegalArgumentException("no JSON Schema mapping for " + raw.getName());
    }
}
