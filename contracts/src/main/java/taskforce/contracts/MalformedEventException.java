package taskforce.contracts;

/** A record that is not a CloudEvent of a known type, or whose data does not match its type. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEventException(String message) {
        super(message);
    }
}
