package taskforce.notification.delivery;

/**
 * What one attempt came to, and so what happens next; {@code form} is which form of a subscription delivery was sent
 * ({@code FULL} or {@code THIN}, see {@code DisseminationRule}), null when nothing was or for member e-mails.
 */
public record AttemptResult(Kind kind, Integer statusCode, String error, String form) {

    AttemptResult(Kind kind, Integer statusCode, String error) {
        this(kind, statusCode, error, null);
    }

    AttemptResult inForm(String sentForm) {
        return new AttemptResult(kind, statusCode, error, kind == Kind.DEFERRED ? null : sentForm);
    }

    public enum Kind {
        DELIVERED,
        /** Worth trying again later. */
        FAILED,
        /** The receiver answered 410 Gone: stop this delivery and its subscription. */
        GONE,
        /** Nothing to deliver to any more (subscription removed or disabled). */
        ABANDONED,
        /** The receiver may no longer know about the case: nothing is sent, now or later. */
        SUPPRESSED,
        /**
         * Not attempted: the receiver already has as many calls under way as its bulkhead allows. Tried again
         * shortly, and not counted as an attempt, so a slow receiver costs the others nothing and itself no retries.
         */
        DEFERRED
    }

    static AttemptResult delivered(Integer statusCode) {
        return new AttemptResult(Kind.DELIVERED, statusCode, null);
    }

    static AttemptResult failed(Integer statusCode, String error) {
        return new AttemptResult(Kind.FAILED, statusCode, error);
    }

    static AttemptResult gone(int statusCode) {
        return new AttemptResult(Kind.GONE, statusCode, "the receiver answered " + statusCode + " Gone");
    }

    static AttemptResult suppressed(String why) {
        return new AttemptResult(Kind.SUPPRESSED, null, why);
    }

    static AttemptResult deferred(String why) {
        return new AttemptResult(Kind.DEFERRED, null, why);
    }

    static AttemptResult abandoned(String why) {
        return new AttemptResult(Kind.ABANDONED, null, why);
    }
}
