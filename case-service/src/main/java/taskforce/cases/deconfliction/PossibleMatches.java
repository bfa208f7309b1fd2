package taskforce.cases.deconfliction;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import taskforce.platform.mongo.DuplicateKeys;
import taskforce.platform.outbox.AggregateStore;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.outbox.OutboxRelay;

/** The possible matches, stored one per pair of cases and read per case by key ({@code case_possible_matches}). */
@Component
public class PossibleMatches {

    static final String COLLECTION = "possible_matches";
    /** {@code _id = caseId} → the ids of its possible matches. */
    static final String OF_CASE = "case_possible_matches";

    private static final Logger log = LoggerFactory.getLogger(PossibleMatches.class);

    private final MongoTemplate mongo;
    private final AggregateStore<PossibleMatch> store;

    public PossibleMatches(MongoTemplate mongo, OutboxRelay relay) {
        this.mongo = mongo;
        this.store = new AggregateStore<>(mongo, relay, PossibleMatch.class, COLLECTION, false);
    }

    /** Records the pair unless it is known already (perhaps decided as different people: then it stays so). */
    void record(PossibleMatch possible) {
        if (DuplicateKeys.insertIfAbsent(() -> store.insert(possible.id(), possible, List.of()))) {
            log.info(
                    "possible match between {} and {} for a coordinator to decide",
                    possible.found().caseNumber(),
                    possible.named().caseNumber());
        }
        for (String caseId : List.of(possible.found().caseId(), possible.named().caseId())) {
            mongo.upsert(query(where("_id").is(caseId)), new Update().addToSet("ids", possible.id()), OF_CASE);
        }
    }

    List<PossibleMatch> of(String caseId) {
        Document entry =
                mongo.getCollection(OF_CASE).find(new Document("_id", caseId)).first();
        if (entry == null) {
            return List.of();
        }
        List<PossibleMatch> found = new ArrayList<>();
        for (String id : entry.getList("ids", String.class, List.of())) {
            store.find(id).map(Versioned::value).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(PossibleMatch::foundAt));
        return found;
    }

    Optional<Versioned<PossibleMatch>> find(String id) {
        return store.find(id);
    }

    /** Stores the decision; a stale version is refused by the store. */
    PossibleMatch decide(Versioned<PossibleMatch> possible, PossibleMatch.Decision to, String by, Instant at) {
        PossibleMatch decided = possible.value().decide(to, by, at);
        store.update(decided.id(), possible.version(), decided, List.of());
        return decided;
    }

    /**
     * Erases the possible matches a purged case took part in: each names both sides and the raising lead's people,
     * so it goes whole, and the other side's list forgets it.
     */
    void forget(String caseId) {
        Document entry =
                mongo.getCollection(OF_CASE).find(new Document("_id", caseId)).first();
        if (entry == null) {
            return;
        }
        for (String id : entry.getList("ids", String.class, List.of())) {
            store.find(id).map(Versioned::value).ifPresent(possible -> {
                for (String side :
                        List.of(possible.found().caseId(), possible.named().caseId())) {
                    if (!side.equals(caseId)) {
                        mongo.getCollection(OF_CASE)
                                .updateOne(new Document("_id", side), new Document("$pull", new Document("ids", id)));
                    }
                }
            });
            mongo.getCollection(COLLECTION).deleteOne(new Document("_id", id));
        }
        mongo.getCollection(OF_CASE).deleteOne(new Document("_id", caseId));
    }

    /** The same id for the pair whichever case raised it. */
    static String pairId(String a, String b) {
        String pair = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        return "possible-" + UUID.nameUUIDFromBytes(pair.getBytes(StandardCharsets.UTF_8));
    }
}
