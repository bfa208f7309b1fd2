package taskforce.platform.refusal;

/** A field of the request is missing or malformed. */
public class InvalidField extends Refusal {

    public InvalidField(String field, String detail) {
        super(Kind.INVALID_FIELD, "Invalid request", detail, field);
    }
}
