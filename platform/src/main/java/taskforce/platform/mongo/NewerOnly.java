package taskforce.platform.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Read models keep the newest state of each entity whatever order its events arrive in: an entity's document is
 * replaced only by an event of the same or a higher version, in one conditional write by {@code _id} (filter
 * {@code _id} and "version not higher, or absent", upsert). When the store holds a newer version the filter matches
 * nothing, the upsert collides with the existing {@code _id}, and the event is ignored. The same version again (a
 * redelivery) writes the same state again, so a write interrupted half-way is completed by the redelivery. An event without a version (from a
 * producer older than versions) is applied only over a document that has none either, as before versions; it
 * never overwrites a versioned one, which is newer by construction.
 */
public final class NewerOnly {

    public static final String VERSION = "version";

    private NewerOnly() {}

    /**
     * Replaces the document {@code _id = id} of {@code collection} by {@code entity} (written with the template's
     * converter) and its version, unless the stored one is newer. Returns whether it was applied.
     */
    public static boolean replace(MongoTemplate mongo, String collection, String id, Object entity, Long version) {
        Document document = new Document();
        mongo.getConverter().write(entity, document);
        return replace(mongo, collection, id, document, version);
    }

    /** As {@link #replace(MongoTemplate, String, String, Object, Long)}, for a document built by hand. */
    public static boolean replace(MongoTemplate mongo, String collection, String id, Document fields, Long version) {
        Document document = new Document(fields);
        document.put("_id", id);
        if (version != null) {
            document.put(VERSION, version);
        } else {
            document.remove(VERSION);
        }
        try {
            mongo.getCollection(collection)
                    .replaceOne(olderThan(id, version), document, new ReplaceOptions().upsert(true));
            return true;
        } catch (RuntimeException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The document of {@code id} if what it holds is not newer than {@code version}. */
    public static Bson olderThan(String id, Long version) {
        Bson unversioned = exists(VERSION, false);
        return and(eq("_id", id), version == null ? unversioned : or(unversioned, lte(VERSION, version)));
    }
}
