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
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://taskforce.example/schemas/" + type.name() + ".json");
        schema.put("title", type.name());
        schema.put(
                "description",
                "CloudEvents 1.0 structured mode; data is a "
                        + type.payloadType().getSimpleName() + "; Kafka topic "
                        + type.topic().name() + ", key = " + type.topic().key());
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("specversion").put("const", CloudEvent.SPEC_VERSION);
        properties
                .putObject("id")
                .put("type", "string")
                .put("description", "unique per event; consumers' idempotency key");
        properties.putObject("source").put("type", "string");
        properties.putObject("type").put("const", type.name());
        properties.putObject("time").put("type", "string").put("format", "date-time");
        properties
                .putObject("subject")
                .put("type", "string")
                .put("description", "the aggregate id, also the record key");
        properties.putObject("datacontenttype").put("const", "application/json");
        properties.set("data", schemaOf(type.payloadType()));
        ArrayNode required = schema.putArray("required");
        for (String name : new String[] {"specversion", "id", "source", "type", "subject", "data"}) {
            required.add(name);
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
