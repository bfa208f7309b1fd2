package taskforce.infra;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compare-and-set filters the services send ({@code _id} and a version, an owner, a bucket with room) find their
 * document by {@code _id} on both in-process backends, answer as before, and examine one document, not the
 * collection.
 */
class IdFirstBackendsTest {

    private static final int STORED = 2000;

    @TempDir
    static Path files;

    static List<Arguments> stores() {
        Supplier<EmbeddedMongo> memory = () -> EmbeddedMongo.inMemory(0);
        Supplier<EmbeddedMongo> file = () -> EmbeddedMongo.fileBacked(files.resolve("store.mv"), 0);
        return List.of(Arguments.of("memory", memory), Arguments.of("file", file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aFilterThatFixesIdExaminesOneDocumentAndAnswersAsAScanWould(String name, Supplier<EmbeddedMongo> start) {
        try (EmbeddedMongo store = start.get();
                MongoClient client = MongoClients.create(store.uri("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs_" + name);
            List<Document> many = new ArrayList<>();
            for (int i = 0; i < STORED; i++) {
                many.add(new Document("_id", "d" + i).append("version", 1).append("ids", List.of()));
            }
            docs.insertMany(many);

            long before = EmbeddedMongo.documentsExamined();
            // an optimistic update: the right version changes the document, a stale one nothing
            assertThat(docs.updateOne(and(eq("_id", "d7"), eq("version", 1)), Updates.inc("version", 1))
                            .getModifiedCount())
                    .isEqualTo(1);
            assertThat(docs.updateOne(and(eq("_id", "d7"), eq("version", 1)), Updates.inc("version", 1))
                            .getMatchedCount())
                    .isZero();
            // a lease taken with findOneAndUpdate
            Document taken = docs.findOneAndUpdate(
                    new Document("_id", "d8").append("version", 1),
                    Updates.set("owner", "me"),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            assertThat(taken).isNotNull();
            assertThat(taken.getString("owner")).isEqualTo("me");
            // a delete that names its document and a condition
            assertThat(docs.deleteOne(and(eq("_id", "d9"), eq("version", 2))).getDeletedCount())
                    .isZero();
            assertThat(docs.deleteOne(and(eq("_id", "d9"), eq("version", 1))).getDeletedCount())
                    .isEqualTo(1);
            // several ids and a condition
            assertThat(docs.find(and(in("_id", "d1", "d2", "d7"), eq("version", 1)))
                            .into(new ArrayList<>()))
                    .extracting(d -> d.getString("_id"))
                    .containsExactlyInAnyOrder("d1", "d2");
            assertThat(EmbeddedMongo.documentsExamined() - before)
                    .as("documents examined by seven commands naming their documents by _id")
                    .isLessThanOrEqualTo(10);

            // a bucket with room takes the value; a full one refuses the upsert by its duplicate _id
            docs.insertOne(new Document("_id", "full").append("ids", List.of(1, 2)));
            UpdateOptions upsert = new UpdateOptions().upsert(true);
            assertThatThrownBy(() -> docs.updateOne(
                            and(eq("_id", "full"), exists("ids.1", false)), Updates.addToSet("ids", 3), upsert))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            docs.updateOne(and(eq("_id", "room"), exists("ids.1", false)), Updates.addToSet("ids", 3), upsert);
            assertThat(docs.find(eq("_id", "room")).first().getList("ids", Integer.class))
                    .containsExactly(3);

            long beforeScan = EmbeddedMongo.documentsExamined();
            assertThat(docs.find(eq("version", 1)).into(new ArrayList<>())).hasSize(STORED - 2);
            assertThat(EmbeddedMongo.documentsExamined() - beforeScan)
                    .as("a filter without _id still scans, and is counted")
                    .isGreaterThanOrEqualTo(STORED);
        }
    }
}
