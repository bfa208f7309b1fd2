package taskforce.notification.delivery;

/** What one attempt came to, and so what happens next. */
public record AttemptResult(Kind kind, Integer statusCode, String error) {

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
