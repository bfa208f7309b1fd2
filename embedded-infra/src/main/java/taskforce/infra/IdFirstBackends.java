package taskforce.infra;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's backends, looking documents up by {@code _id} whenever a filter fixes it, as MongoDB does.
 *
 * <p>As released, the store answers from an index only a filter whose keys are exactly that index's keys: {@code
 * {_id: x}} is a lookup, but {@code {_id: x, version: 3}} (an optimistic update), {@code {_id: x, owner: y}} (a
 * lease) or {@code {$and: [{_id: x}, {"ids.499": {$exists: false}}]}} (a bucket with room) is a scan of the whole
 * collection, matching every document. Those are the system's compare-and-set writes, on its hot paths, so on the
 * in-process store a lead's cost grew with everything stored (the throughput benchmark's profile: a quarter of the
 * CPU in such scans). MongoDB narrows them by the {@code _id} index first and checks the rest of the filter on the
 * one document found; so do these, by the same index the plain {@code _id} lookup uses. Everything else (how a
 * document matches, updates, upserts, unique keys) is the library's own.
 */
final class IdFirstBackends {

    private IdFirstBackends() {}

    /**
     * Documents matched against a filter, by every collection of these backends: MongoDB's {@code totalDocsExamined}
     * summed, so that a benchmark or test can tell a lookup (one a document) from a scan (the whole collection).
     */
    static final LongAdder EXAMINED = new LongAdder();

    /**
     * {@code {_id: ...}} when the filter fixes {@code _id} (at its top level or in one branch of a top-level {@code
     * $and}) beside other conditions; null when it does not, or when {@code _id} is all it names (the library's own
     * lookup then).
     */
    static Document idPart(Document query) {
        if (query == null || query.size() < 2 && !query.containsKey("$and")) {
            return null;
        }
        if (query.containsKey("_id")) {
            return new Document("_id", query.get("_id"));
        }
        if (query.get("$and") instanceof List<?> branches) {
            for (Object branch : branches) {
                if (branch instanceof Document condition && condition.containsKey("_id")) {
                    return new Document("_id", condition.get("_id"));
                }
            }
        }
        return null;
    }

    /** The positions of the documents the filter's {@code _id} part names, if an index can tell; null otherwise. */
    static <P> Iterable<P> positionsById(List<Index<P>> indexes, Document query) {
        Document byId = idPart(query);
        if (byId == null) {
            return null;
        }
        for (Index<P> index : indexes) {
            if (index.canHandle(byId)) {
                return index.getPositions(byId);
            }
        }
        return null;
    }

    /** Data in memory only. */
    static final class Memory extends MemoryBackend {

        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new MemoryDatabase(databaseName, getCursorRegistry()) {
                @Override
                protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                    return new IdFirstMemoryCollection(this, collectionName, options, cursorRegistry);
                }
            };
        }
    }

    private static final class IdFirstMemoryCollection extends MemoryCollection {

        IdFirstMemoryCollection(
                MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
            Iterable<Integer> byId = positionsById(getIndexes(), query);
            return byId != null
                    ? matchDocuments(query, byId, orderBy, skip, limit, batchSize, fields)
                    : super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
        }

        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            EXAMINED.increment();
            return super.documentMatchesQuery(document, query);
        }
    }

    /**
     * Data in an H2 MVStore file. The store keeps a 256 MB cache of pages (with H2's default of 16 MB, a working set
     * any larger is read back from the file and deserialised, by Java serialisation, on every miss) and writes a new
     * version of the file once a second, or at 16 MB of changes (with H2's default of 1 MB it wrote as often as that
     * filled under load, each time rewriting every page touched since the last). A crash of the store's process loses
     * the changes since the last write, a second's worth at most, as with H2's defaults.
     */
    static final class H2 extends H2Backend {

        private static final int CACHE_MB = 256;
        private static final int WRITE_BUFFER_KB = 16 * 1024;

        H2(String fileName) {
            super(new MVStore.Builder()
                    .fileName(fileName)
                    .cacheSize(CACHE_MB)
                    .autoCommitBufferSize(WRITE_BUFFER_KB)
                    .open());
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new IdFirstH2Database(databaseName, getCursorRegistry());
        }

        // an inner class, so that it reaches the store while its superclass's constructor opens the collections
        private final class IdFirstH2Database extends H2Database {

            IdFirstH2Database(String databaseName, CursorRegistry cursors) {
                super(databaseName, getMvStore(), cursors);
            }

            @Override
            protected Index<Object> openOrCreateUniqueIndex(
                    String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
                // opened first with the key type; H2Database's own openMap (with no type of its own) then finds the
                // map open and uses it. The name is the one H2Database gives an index's map (private there).
                getMvStore()
                        .openMap(
                                getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                                new MVMap.Builder<KeyValue, Object>().keyType(new SerializedOnceKeys()));
                return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            }

            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                // the maps H2Database itself would open (its prefixes are package-private there)
                String fullName = getFullCollectionNamespace(collectionName);
                MVMap<Object, Document> data = getMvStore().openMap("databases." + fullName);
                MVMap<String, Object> meta = getMvStore().openMap("meta." + fullName);
                return new IdFirstH2Collection(this, collectionName, options, data, meta, cursorRegistry);
            }
        }
    }

    /**
     * The key type of the H2 store's unique indexes ({@code _id} among them). H2 orders keys it has no type for, such
     * as mongo-java-server's {@code KeyValue}, by their Java serialisation, and serialises both keys again at every
     * comparison: a lookup among n keys serialised about 2·log2(n) of them, about 9 % of all CPU of the throughput
     * benchmark on files at 50 leads/s. This type keeps exactly that order (so a file written without it reads the
     * same), but serialises each key object once while it lives: a lookup's key once, a stored key once while its page
     * is held in memory. Stored keys are written and read by H2's own serialisation as before.
     */
    static final class SerializedOnceKeys extends ObjectDataType {

        /**
         * By identity, held weakly: an entry lives as long as its key object. The cache's upkeep (dropping collected
         * keys) runs on the thread that uses it: handed to the common pool, as by default, scheduling it and the pool's
         * thread took about a third of the cache's CPU in a profile of the files run.
         */
        private final Cache<Object, byte[]> serialised =
                Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue && b instanceof KeyValue) {
                return a == b ? 0 : compareNotNull(serialised(a), serialised(b));
            }
            return super.compare(a, b);
        }

        private byte[] serialised(Object key) {
            return serialised.get(key, ObjectDataType::serialize);
        }
    }

    private static final class IdFirstH2Collection extends H2Collection {

        IdFirstH2Collection(
                MongoDatabase database,
                String name,
                CollectionOptions options,
                MVMap<Object, Document> data,
                MVMap<String, Object> meta,
                CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
            Iterable<Object> byId = positionsById(getIndexes(), query);
            return byId != null
                    ? matchDocuments(query, byId, orderBy, skip, limit, batchSize, fields)
                    : super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
        }

        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            EXAMINED.increment();
            return super.documentMatchesQuery(document, query);
        }
    }
}
