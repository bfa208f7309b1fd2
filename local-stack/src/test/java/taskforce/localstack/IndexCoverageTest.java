package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import taskforce.infra.CommandRecorder;
import taskforce.infra.EmbeddedMongo;
import taskforce.infra.IndexCoverage;

/** The scan check itself, over commands a real driver sends the in-process store. */
class IndexCoverageTest {

    static EmbeddedMongo store;
    static final CommandRecorder recorder = new CommandRecorder();
    static MongoClient client;
    MongoCollection<Document> leads;

    @BeforeAll
    static void start() {
        store = EmbeddedMongo.inMemory(0);
        client = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(store.uri("coverage")))
                .addCommandListener(recorder)
                .build());
    }

    @AfterAll
    static void stop() {
        client.close();
        store.close();
    }

    @BeforeEach
    void declare() {
        recorder.clear();
        leads = client.getDatabase("coverage").getCollection("leads");
        // what a service declares at start-up is what the check knows of
        leads.createIndex(Indexes.ascending("agencyId", "receivedAt"));
        leads.createIndex(Indexes.ascending("agencyId", "reference"), new IndexOptions().unique(true));
    }

    @Test
    void readsByIdOrADeclaredPrefixAreNoScans() {
        leads.find(Filters.eq("_id", "l-1")).first();
        leads.find(Filters.in("_id", "l-1", "l-2"))
                .sort(Sorts.ascending("receivedAt"))
                .first();
        leads.find(Filters.eq("agencyId", "houston-pd"))
                .sort(Sorts.ascending("receivedAt"))
                .first();
        leads.updateOne(
                Filters.and(Filters.eq("agencyId", "houston-pd"), Filters.eq("reference", "R-1")),
                new Document("$set", new Document("seen", true)));
        leads.countDocuments(Filters.eq("agencyId", "houston-pd"));
        leads.find().first(); // bounded by its limit, whatever the collection holds

        assertThat(IndexCoverage.scans(recorder.sent())).isEmpty();
    }

    @Test
    void namesEveryCommandThatNoIndexAnswers() {
        leads.find(Filters.eq("status", "RECEIVED")).first();
        leads.find(Filters.eq("agencyId", "houston-pd"))
                .sort(Sorts.descending("status"))
                .first();
        leads.deleteMany(Filters.exists("outbox.0"));
        leads.countDocuments();
        leads.find(Filters.or(Filters.eq("_id", "l-1"), Filters.eq("status", "LINKED")))
                .first();

        assertThat(IndexCoverage.scans(recorder.sent()).keySet())
                .extracting(IndexCoverage.Scan::key)
                .containsExactlyInAnyOrder(
                        "coverage.leads find {status: ?}",
                        "coverage.leads find {agencyId: ?} sort [status]",
                        "coverage.leads delete {outbox.0: {$exists: ?}}",
                        "coverage.leads aggregate {}",
                        "coverage.leads find {$or: [{_id: ?}, {status: ?}]}");
    }
}
