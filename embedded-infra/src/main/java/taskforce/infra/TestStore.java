package taskforce.infra;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A connection of a test's own to the {@link SharedTestInfrastructure#mongo() shared store}, handing out templates on
 * databases dropped first, so the test starts from nothing whatever ran before it. Close it when the test is done.
 */
public final class TestStore implements AutoCloseable {

    private final MongoClient client;

    private TestStore(MongoClient client) {
        this.client = client;
    }

    /** Connects to the shared store; {@code listeners} hear every command sent on this connection. */
    public static TestStore connect(CommandListener... listeners) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(
                        new ConnectionString(SharedTestInfrastructure.mongo().uri("")));
        for (CommandListener listener : listeners) {
            settings.addCommandListener(listener);
        }
        return new TestStore(MongoClients.create(settings.build()));
    }

    /** A template on {@code database}, which is dropped first. */
    public MongoTemplate fresh(String database) {
        client.getDatabase(database).drop();
        return new MongoTemplate(client, database);
    }

    @Override
    public void close() {
        client.close();
    }
}
