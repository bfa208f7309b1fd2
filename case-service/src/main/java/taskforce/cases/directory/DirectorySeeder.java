package taskforce.cases.directory;

import com.mongodb.client.model.ReplaceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.contracts.EventCodec;

/**
 * Puts the programs known out of the box into the directory on every start (missing ones only), and, when
 * {@code taskforce.directory.seed-demo} is on (the {@code demo} profile, never production) and the directory is empty,
 * the demo directory. Seeding writes
 * through {@link Directory} like any administrator, so every seeded entity is published on the directory topic.
 *
 * <p>A marker document records that demo seeding began and whether it finished, so a start after a crash in
 * the middle of seeding completes it (adding only what is missing) instead of finding the directory "not empty".
 */
@Component
class DirectorySeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DirectorySeeder.class);

    record Programs(List<Program> programs) {}

    record DemoDirectory(
            List<Agency> agencies, List<TaskForce> taskForces, List<Agreement> agreements, List<Member> members) {}

    static final String SEEDS = "directory_seeds";
    static final String DEMO = "demo-directory";

    private final Directory directory;
    private final MongoTemplate mongo;
    private final boolean seedDemo;
    private final Clock clock;

    DirectorySeeder(
            Directory directory,
            MongoTemplate mongo,
            @Value("${taskforce.directory.seed-demo:false}") boolean seedDemo,
            Clock clock) {
        this.directory = directory;
        this.mongo = mongo;
        this.seedDemo = seedDemo;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        read("programs.json", Programs.class).programs().forEach(directory::addProgramIfAbsent);
        if (!seedDemo) {
            return;
        }
        Document marker =
                mongo.getCollection(SEEDS).find(new Document("_id", DEMO)).first();
        boolean unfinished = marker != null && !marker.getBoolean("complete", false);
        if (unfinished || (marker == null && directory.isEmpty())) {
            mongo.getCollection(SEEDS)
                    .replaceOne(
                            new Document("_id", DEMO),
                            new Document("_id", DEMO).append("complete", false),
                            new ReplaceOptions().upsert(true));
            DemoDirectory demo = read("demo-directory.json", DemoDirectory.class);
            demo.agencies().forEach(directory::addIfAbsent);
            demo.taskForces().forEach(directory::addIfAbsent);
            demo.agreements().forEach(directory::addIfAbsent);
            demo.members().forEach(directory::addIfAbsent);
            mongo.getCollection(SEEDS)
                    .replaceOne(
                            new Document("_id", DEMO),
                            new Document("_id", DEMO)
                                    .append("complete", true)
                                    .append("seededAt", Date.from(clock.instant())));
            log.info(
                    "seeded the demo directory: {} agencies, {} task forces, {} agreements, {} members",
                    demo.agencies().size(),
                    demo.taskForces().size(),
                    demo.agreements().size(),
                    demo.members().size());
        }
    }

    private static <T> T read(String resource, Class<T> type) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return EventCodec.instance().mapper().readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
