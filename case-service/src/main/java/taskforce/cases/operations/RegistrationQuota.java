package taskforce.cases.operations;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.platform.refusal.TooManyRequests;

/**
 * How many operations one member may register per UTC day ({@code
 * taskforce.operations.registrations-per-member-per-day}, 20 by default). A conflict answer says whom to call and
 * when, never where, but whether there is a conflict at all is itself a clue: registering small circles over and
 * over would pin another task force's operation down. The count lives in the store, one document per member and
 * day ({@code _id = memberId|yyyy-MM-dd}, raised atomically), so it holds across every instance of the service;
 * a TTL index removes the days gone by. Past the limit: 429 with {@code Retry-After} (the next UTC midnight).
 */
@Component
class RegistrationQuota {

    static final String COLLECTION = "operation_registrations_per_day";

    private final MongoTemplate mongo;
    private final int perDay;
    private final Clock clock;

    RegistrationQuota(
            MongoTemplate mongo,
            @Value("${taskforce.operations.registrations-per-member-per-day:20}") int perDay,
            Clock clock) {
        if (perDay < 1) {
            throw new IllegalArgumentException(
                    "taskforce.operations.registrations-per-member-per-day must be 1 or more");
        }
        this.mongo = mongo;
        this.perDay = perDay;
        this.clock = clock;
        mongo.getCollection(COLLECTION)
                .createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    /** Counts one registration of the member today, or refuses it with 429 once the day's allowance is spent. */
    void spend(String memberId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant tomorrow = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Document counted = mongo.getCollection(COLLECTION)
                .findOneAndUpdate(
                        new Document("_id", memberId + "|" + today),
                        new Document("$inc", new Document("count", 1))
                                .append(
                                        "$setOnInsert",
                                        new Document("expiresAt", Date.from(tomorrow.plus(Duration.ofDays(1))))),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long count = counted == null ? 1 : ((Number) counted.get("count")).longValue();
        if (count > perDay) {
            long seconds =
                    Math.max(1, Duration.between(clock.instant(), tomorrow).toSeconds());
            throw new TooManyRequests(
                    "Too many operations registered",
                    "a member may register " + perDay + " operations per day (UTC); retry in " + seconds
                            + " s, or ask the other task forces' coordinators directly",
                    Duration.ofSeconds(seconds));
        }
    }
}
