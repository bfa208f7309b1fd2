package taskforce.platform.web;

import java.io.IOException;

/** A request body over the configured limit; answered 413. An IOException, so it can end a body being read. */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
