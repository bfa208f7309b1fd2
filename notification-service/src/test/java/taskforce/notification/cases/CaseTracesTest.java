package taskforce.notification.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.infra.TestStore;
import taskforce.platform.mongo.BucketedIndex;

/**
 * A case's traces are one document an event, found again by the purge with those filed in the bucketed layout
 * before it, and never with another case's, not even one whose id begins with this one's.
 */
class CaseTracesTest {

    private static final String DATABASE = "notification-case-traces";
    private static TestStore store;
    private static MongoTemplate mongo;

    @BeforeAll
    static void freshStore() {
        store = TestStore.connect();
        mongo = store.fresh(DATABASE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static CaseTraces.Trace trace(List<String> notifications, List<String> deliveries) {
        CaseTraces.Trace trace = new CaseTraces.Trace();
        trace.notificationIds.addAll(notifications);
        trace.deliveryIds.addAll(deliveries);
        return trace;
    }

    @Test
    void thePurgeFindsEveryEventsTracesOldAndNewAndOnlyTheCases() {
        CaseTraces traces = new CaseTraces(mongo);
        // filed by the layout before this one: a bucketed index keyed by the case id
        new BucketedIndex(mongo, CaseTraces.COLLECTION, "traces")
                .add("case-1", new Document("n", List.of("n-old")).append("d", List.of("d-old")));
        traces.file("case-1", "event-a", trace(List.of("n-a"), List.of("d-a1", "d-a2")));
        traces.file("case-1", "event-b", trace(List.of(), List.of("d-b")));
        // the same event handled again (redelivered after a crash) adds what it made this time
        traces.file("case-1", "event-b", trace(List.of("n-b"), List.of("d-b")));
        traces.file("case-1", "event-c", trace(List.of(), List.of()));
        traces.file("case-10", "event-x", trace(List.of("n-x"), List.of("d-x")));
        traces.file("case-1a", "event-y", trace(List.of("n-y"), List.of("d-y")));

        CaseTraces.Traced traced = traces.of("case-1");

        assertThat(traced.notificationIds()).containsExactlyInAnyOrder("n-old", "n-a", "n-b");
        assertThat(traced.deliveryIds()).containsExactlyInAnyOrder("d-old", "d-a1", "d-a2", "d-b");
        assertThat(mongo.getCollection(CaseTraces.COLLECTION).countDocuments(new Document("_id", "case-1|event-c")))
                .as("an event that made nothing files nothing")
                .isZero();

        traces.forget("case-1");

        assertThat(traces.of("case-1").notificationIds()).isEmpty();
        assertThat(traces.of("case-1").deliveryIds()).isEmpty();
        assertThat(traces.of("case-10").deliveryIds()).containsExactly("d-x");
        assertThat(traces.of("case-1a").deliveryIds()).containsExactly("d-y");
        mongo.getCollection(CaseTraces.COLLECTION)
                .find()
                .forEach(left ->
                        assertThat(left.toJson()).doesNotContain("\"case-1\"").doesNotContain("case-1|"));
    }
}
