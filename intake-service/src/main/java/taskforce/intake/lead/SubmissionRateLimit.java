package taskforce.intake.lead;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.refusal.TooManyRequests;

/**
 * Lead submissions per agency, limited as the {@code lead-submission} rate limiter instance is configured
 * ({@code resilience4j.ratelimiter.instances.lead-submission}: {@code limit-for-period} leads per
 * {@code limit-refresh-period}), each agency on its own: one agency's runaway system must not crowd out the
 * others. Counted in the store, so the limit holds however many instances share the load: one document per agency
 * and window ({@code _id = agency|window start}), incremented with {@code $inc} and upsert, one write by
 * {@code _id}. Windows are fixed (they start at multiples of the period); a TTL index removes old ones. Over the
 * limit is 429 with {@code Retry-After} until the next window.
 */
@Component
class SubmissionRateLimit {

    static final String INSTANCE = "lead-submission";
    static final String COLLECTION = "lead_submission_windows";

    private final MongoCollection<Document> windows;
    private final int limit;
    private final Duration period;
    private final Clock clock;

    SubmissionRateLimit(RateLimiterRegistry registry, MongoTemplate mongo, Clock clock) {
        RateLimiterConfig config = registry.rateLimiter(INSTANCE).getRateLimiterConfig();
        this.limit = config.getLimitForPeriod();
        this.period = config.getLimitRefreshPeriod();
        this.clock = clock;
        this.windows = mongo.getCollection(COLLECTION);
        // production MongoDB drops a window once it is over; the in-process store accepts the index and keeps them
        windows.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    void acquire(String agencyId) {
        Instant now = clock.instant();
        long periodMillis = period.toMillis();
        Instant windowStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), periodMillis) * periodMillis);
        Instant windowEnd = windowStart.plus(period);
        long submitted = count(agencyId + "|" + windowStart.toEpochMilli(), windowEnd);
        if (submitted > limit) {
            long seconds = Math.max(1, ceilSeconds(Duration.between(now, windowEnd)));
            throw new TooManyRequests(
                    "Too many leads",
                    "agency " + agencyId + " may submit " + limit + " leads per " + period.toSeconds() + " s; retry in "
                            + seconds + " s",
                    Duration.ofSeconds(seconds));
        }
    }

    /** This submission's number in its window, counting it. */
    private long count(String windowId, Instant windowEnd) {
        var increment = Updates.combine(
                Updates.inc("count", 1), Updates.setOnInsert("expiresAt", Date.from(windowEnd.plus(period))));
        var options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        try {
            return windows.findOneAndUpdate(eq("_id", windowId), increment, options)
                    .get("count", Number.class)
                    .longValue();
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // another instance opened the window at the same moment; now it exists and the increment applies
            return windows.findOneAndUpdate(eq("_id", windowId), increment, options)
                    .get("count", Number.class)
                    .longValue();
        }
    }

    private static long ceilSeconds(Duration wait) {
        return wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
    }
}
