package taskforce.platform.refusal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request that the application refuses for a reason the caller can act on. Application services and domain code
 * throw its subtypes without knowing HTTP; {@code ProblemDetailsAdvice} is the one place that turns a {@link Kind}
 * into a status and RFC 9457 problem details, naming {@link #field()} when there is one.
 */
public abstract class Refusal extends RuntimeException {

    /** What went wrong, in the caller's terms; each kind has exactly one answer on the wire. */
    public enum Kind {
        /** nothing the caller may see has that id (also what a caller without need-to-know is told) */
        NOT_FOUND,
        /** it existed and was erased on purpose; what remains is a tombstone, told only to those who could read it */
        GONE,
        /** the caller may see it but not do this */
        FORBIDDEN,
        /** a field of the request is missing or malformed */
        INVALID_FIELD,
        /** a well-formed request that the rules refuse (an unknown reference, a closed case) */
        RULE_REFUSED,
        /** the request contradicts the current state (already assigned, already decided) */
        CONFLICT,
        /** the request was made against a version that has moved on */
        PRECONDITION_FAILED,
        /** the caller's allowance is spent for now */
        TOO_MANY_REQUESTS,
        /** something the request needs is not available for now */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String title;
    private final String field;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    protected Refusal(Kind kind, String title, String detail, String field) {
        super(detail);
        this.kind = kind;
        this.title = title;
        this.field = field;
    }

    /** Adds a property that the answer carries besides the standard ones (e.g. the legal next states). */
    public Refusal withProperty(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** The request field at fault, as the caller wrote it ({@code contact.phone}, {@code identifiers[1].type}). */
    public String field() {
        return field;
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** How long the caller should wait before trying again, when waiting helps. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
