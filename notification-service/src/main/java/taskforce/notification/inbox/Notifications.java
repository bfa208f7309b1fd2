package taskforce.notification.inbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;
import taskforce.platform.mongo.DuplicateKeys;

@Repository
public class Notifications {

    static final String COLLECTION = "notifications";

    private final MongoTemplate mongo;

    Notifications(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Inserts unless an entry with this id exists; returns whether it was new. */
    boolean insertIfAbsent(Notification notification) {
        return DuplicateKeys.insertIfAbsent(mongo, notification, COLLECTION);
    }

    Optional<Notification> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Notification.class, COLLECTION));
    }

    List<Notification> ofMember(String memberId, boolean unreadOnly) {
        Query query = unreadOnly
                ? query(where("memberId").is(memberId).and("readAt").is(null))
                : query(where("memberId").is(memberId));
        return mongo.find(
                query.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id"))),
                Notification.class,
                COLLECTION);
    }

    /** Sets readAt once; a second read keeps the first time. */
    void markRead(String id, Instant at) {
        mongo.updateFirst(query(where("_id").is(id).and("readAt").is(null)), Update.update("readAt", at), COLLECTION);
    }
}
