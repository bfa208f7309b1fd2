package taskforce.infra;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a lookup by {@code _id} and an insert cost on the H2 store, with the library's own backend and with ours
 * ({@link IdFirstBackends.SerializedOnceKeys}): one client, one thread, each on a fresh file of 50,000 documents,
 * alternated over three rounds. Prints figures.
 *
 * <pre>
 * mvn -B -pl embedded-infra -am verify -Dbenchmark=true -Dtest=H2LookupBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(
        named = "benchmark",
        matches = "true",
        disabledReason = "a benchmark: run with -Dbenchmark=true")
class H2LookupBenchmark {

    private static final int STORED = 50_000;
    private static final int LOOKUPS = 20_000;
    private static final int INSERTS = 5_000;

    @TempDir
    Path files;

    @Test
    void lookupsAndInsertsOnTheLibrarysBackendAndOurs() {
        for (int round = 0; round < 3; round++) {
            measure("library's H2Backend", round, H2Backend::new);
            measure("IdFirstBackends.H2", round, IdFirstBackends.H2::new);
        }
    }

    private void measure(String name, int round, Function<String, MongoBackend> backend) {
        Path file = files.resolve(name.replaceAll("\\W", "") + "-" + round + ".mv");
        MongoServer server = new MongoServer(backend.apply(file.toString()));
        try {
            InetSocketAddress address = server.bind();
            try (MongoClient client =
                    MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
                List<Document> many = new ArrayList<>();
                for (int i = 0; i < STORED; i++) {
                    many.add(new Document("_id", "lead-" + i).append("n", i));
                }
                docs.insertMany(many);
                int found = 0;
                long start = System.nanoTime();
                for (int i = 0; i < LOOKUPS; i++) {
                    // a prime stride: every lookup lands on another page than the one before
                    found +=
                            docs.find(eq("_id", "lead-" + (i * 7919L % STORED))).first() != null ? 1 : 0;
                }
                long looked = System.nanoTime();
                for (int i = 0; i < INSERTS; i++) {
                    docs.insertOne(new Document("_id", "new-" + i));
                }
                long inserted = System.nanoTime();
                assertThat(found).isEqualTo(LOOKUPS);
                System.out.printf(
                        "H2LookupBenchmark: %s, round %d: a lookup by _id %.0f µs, an insert %.0f µs (%d documents,"
                                + " one client)%n",
                        name, round + 1, (looked - start) / 1e3 / LOOKUPS, (inserted - looked) / 1e3 / INSERTS, STORED);
            }
        } finally {
            server.shutdownNow();
        }
    }
}
