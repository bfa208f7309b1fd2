package taskforce.contracts;

/**
 * A well-formed CloudEvent of a type this build does not know, such as one a newer producer added within the
 * version. Contracts grow additively, so a consumer skips it rather than treating it as poison: unlike other
 * malformed records it does not belong in the dead-letter topic.
 */
public class UnknownEventTypeException extends MalformedEventException {

    private final String type;

    public UnknownEventTypeException(String type, String eventId) {
        super("unknown event type " + type + " (event " + eventId + ")");
        this.type = type;
    }

    public String type() {
        return type;
    }
}
