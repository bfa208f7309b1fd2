package taskforce.infra;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 store's index key type orders keys exactly as H2 itself does, so that a file written before it (or by the
 * library's own backend) is read the same with it, and the other way round.
 */
class SerializedOnceKeysTest {

    private static final int STORED = 3000;

    @TempDir
    Path files;

    @Test
    void ordersEveryPairOfKeysAsH2sOwnTypeDoes() {
        Random random = new Random(11);
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            keys.add(new KeyValue(key(random)));
            keys.add(new KeyValue(key(random), key(random)));
        }
        IdFirstBackends.SerializedOnceKeys once = new IdFirstBackends.SerializedOnceKeys();
        ObjectDataType h2 = new ObjectDataType();
        int differentPairs = 0;
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                int expected = Integer.signum(h2.compare(a, b));
                assertThat(Integer.signum(once.compare(a, b)))
                        .as("%s against %s", a, b)
                        .isEqualTo(expected);
                differentPairs += expected != 0 ? 1 : 0;
            }
        }
        assertThat(differentPairs).as("pairs that compare unequal").isGreaterThan(keys.size() * keys.size() / 2);
    }

    private static Object key(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "c-" + Integer.toHexString(random.nextInt());
            case 1 -> random.nextInt(1000) - 500;
            case 2 -> random.nextLong();
            default ->
                new de.bwaldvogel.mongo.bson.Document("agency", "a" + random.nextInt(50))
                        .append("n", random.nextInt(9));
        };
    }

    /**
     * One collection per kind of {@code _id} (strings, ObjectIds, numbers): H2 keeps a collection's documents under
     * their {@code _id} itself, and the library's own backend can fail to compare two kinds in one map ("Can not
     * compare"), whichever index key type is used.
     */
    @Test
    void aFileWrittenByTheLibrarysOwnBackendIsReadByOursAndBack() {
        Path file = files.resolve("store.mv");
        Map<String, List<Object>> idsByCollection = Map.of(
                "strings", ids(i -> "lead-" + i),
                "object_ids", ids(i -> new ObjectId()),
                "numbers", ids(i -> (long) i * 7919));

        withLibrarysBackend(
                file,
                database -> idsByCollection.forEach((collection, ids) -> {
                    List<Document> many = new ArrayList<>();
                    ids.subList(0, STORED / 2).forEach(id -> many.add(new Document("_id", id).append("by", "library")));
                    database.getCollection(collection).insertMany(many);
                }));

        try (EmbeddedMongo ours = EmbeddedMongo.fileBacked(file, 0);
                MongoClient client = MongoClients.create(ours.uri("t"))) {
            idsByCollection.forEach((collection, ids) -> {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection(collection);
                for (Object id : ids.subList(0, STORED / 2)) {
                    assertThat(docs.find(eq("_id", id)).first()).as("%s", id).isNotNull();
                }
                // the unique index still refuses a second document under a stored id
                assertThatThrownBy(() -> docs.insertOne(new Document("_id", ids.get(7))))
                        .isInstanceOf(MongoWriteException.class);
                List<Document> more = new ArrayList<>();
                ids.subList(STORED / 2, STORED).forEach(id -> more.add(new Document("_id", id).append("by", "ours")));
                docs.insertMany(more);
            });
        }

        withLibrarysBackend(
                file,
                database -> idsByCollection.forEach((collection, ids) -> {
                    MongoCollection<Document> docs = database.getCollection(collection);
                    for (Object id : ids) {
                        assertThat(docs.find(eq("_id", id)).first())
                                .as("%s", id)
                                .isNotNull();
                    }
                    assertThat(docs.countDocuments()).isEqualTo(STORED);
                }));
    }

    private static List<Object> ids(java.util.function.IntFunction<Object> id) {
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < STORED; i++) {
            ids.add(id.apply(i));
        }
        return ids;
    }

    private static void withLibrarysBackend(Path file, java.util.function.Consumer<MongoDatabase> use) {
        MongoServer server = new MongoServer(new H2Backend(file.toString()));
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient client =
                    MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
                use.accept(client.getDatabase("t"));
            }
        } finally {
            server.shutdownNow();
        }
    }
}
