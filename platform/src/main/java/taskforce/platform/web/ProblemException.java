package taskforce.platform.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A refusal that the caller can act on: answered as RFC 9457 problem details, naming the field when there is one. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final String field;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(HttpStatus status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public ProblemException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, what + " not found", "no " + what + " with id " + id);
    }

    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "Invalid request", detail, field);
    }

    public static ProblemException conflict(String title, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, title, detail);
    }

    /** Adds a property that the problem details carry besides the standard ones (e.g. the legal next states). */
    public ProblemException withProperty(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Adds a response header, e.g. {@code Retry-After} on a 429. */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
