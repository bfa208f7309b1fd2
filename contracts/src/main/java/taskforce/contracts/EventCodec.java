package taskforce.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import taskforce.contracts.cases.CaseEventData;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes CloudEvents and their typed payloads. Readers ignore fields they do not know, so that
 * payloads can grow additively within a major version.
 */
public final class EventCodec {

    private static final EventCodec INSTANCE = new EventCodec();

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            // quantities are decimals: read as written (48200.00 stays 48200.00), never through a double
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    public static EventCodec instance() {
        return INSTANCE;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    /**
     * A new event with a fresh id, stamped at the given time. The caller passes the time because only it has the
     * service's clock: a codec that read the system's own would stamp events that tests cannot move and that
     * disagree with the times in their payloads.
     */
    public <T> CloudEvent wrap(EventType<T> type, String source, String subject, Instant time, T payload) {
        return wrap(type, UUID.randomUUID().toString(), source, subject, time, payload);
    }

    public <T> CloudEvent wrap(EventType<T> type, String id, String source, String subject, Instant time, T payload) {
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(
                    type.name() + " carries " + type.payloadType().getSimpleName());
        }
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                id,
                source,
                type.name(),
                time,
                subject,
                "application/json",
                mapper.valueToTree(payload));
    }

    public <T> T payload(CloudEvent event, EventType<T> type) {
        if (!type.name().equals(event.type())) {
            throw new MalformedEventException("expected " + type.name() + " but got " + event.type());
        }
        try {
            return mapper.treeToValue(event.data(), type.payloadType());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedEventException("data of " + event.type() + " " + event.id() + " is malformed", e);
        }
    }

    /**
     * The data of a case event as its sealed type, for handling every case event type in one exhaustive place; a
     * record of another type is malformed where a case event was expected.
     */
    public CaseEventData caseEvent(CloudEvent event) {
        EventType<?> type = EventTypes.byName(event.type())
                .orElseThrow(() -> new UnknownEventTypeException(event.type(), event.id()));
        if (!CaseEventData.class.isAssignableFrom(type.payloadType())) {
            throw new MalformedEventException(event.type() + " " + event.id() + " is not a case event");
        }
        return (CaseEventData) payload(event, type);
    }

    public String write(CloudEvent event) {
        return mapper.writeValueAsString(event);
    }

    /** Parses a structured-mode CloudEvent and checks the attributes every consumer relies on. */
    public CloudEvent read(String json) {
        CloudEvent event;
        try {
            event = mapper.readValue(json, CloudEvent.class);
        } catch (JacksonException e) {
            throw new MalformedEventException("not a CloudEvent: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new MalformedEventException("empty record");
        }
        if (!CloudEvent.SPEC_VERSION.equals(event.specversion())) {
            throw new MalformedEventException("unsupported specversion " + event.specversion());
        }
        if (isBlank(event.id()) || isBlank(event.type()) || isBlank(event.source())) {
            throw new MalformedEventException("id, type and source are required");
        }
        if (EventTypes.byName(event.type()).isEmpty()) {
            throw new UnknownEventTypeException(event.type(), event.id());
        }
        if (event.data() == null || !event.data().isObject()) {
            throw new MalformedEventException("data of " + event.type() + " must be an object");
        }
        return event;
    }

    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
