package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import taskforce.contracts.CloudEvent;
import taskforce.notification.DerivedId;

/**
 * The unread count never drifts: it moves in the same write as the member's stream entry, and each read is counted
 * once per notification id. A crash between the two writes of a delivery (the entry stored, not yet streamed and
 * counted) is simulated by storing the entry as the stopped consumer left it; the event then comes again, as it
 * does after such a crash, since its offset was never committed.
 */
class UnreadCountTest extends EmbeddedInfrastructureTestBase {

    @Test
    void aRedeliveredEventCountsTheEntryACrashLeftUncountedAndOnlyOnce() throws Exception {
        String memberId = unique("member");
        String taskForceId = unique("tf");
        memberKnown(memberId, "Nora Vega", null, taskForceId);
        produce(caseAssigned(unique("case"), caseNumber(), taskForceId, memberId));
        await().atMost(PATIENCE).until(() -> unread(memberId) == 1);

        CloudEvent second = caseAssigned(unique("case"), caseNumber(), taskForceId, memberId);
        String secondId = DerivedId.of(second.id(), memberId);
        storedButNotStreamed(secondId, memberId, second);
        assertThat(unread(memberId))
                .as("the crash left the count behind the inbox")
                .isEqualTo(1);

        produce(second);
        await().atMost(PATIENCE).until(() -> unread(memberId) == 2);
        produce(second);
        CloudEvent third = caseAssigned(unique("case"), caseNumber(), taskForceId, memberId);
        produce(third); // same key, consumed after the repeat
        await().atMost(PATIENCE).until(() -> unread(memberId) == 3);
        assertThat(mongo.findById(memberId, Document.class, "member_streams").getList("entries", Document.class))
                .as("the repaired entry is streamed once")
                .hasSize(3);
    }

    /**
     * A member's first notifications, of different cases, are handled side by side (their partitions differ): the
     * one whose write first counts the stream finds the other's inbox entry stored but not yet streamed, which will
     * count itself when it is. Simulated deterministically as a crash left it, before the member had a stream.
     */
    @Test
    void theFirstCountOfAStreamLeavesOutEntriesNotStreamedYetWhichCountThemselves() throws Exception {
        String memberId = unique("member");
        String taskForceId = unique("tf");
        memberKnown(memberId, "Ines Marlow", null, taskForceId);
        CloudEvent underWay = caseAssigned(unique("case"), caseNumber(), taskForceId, memberId);
        storedButNotStreamed(DerivedId.of(underWay.id(), memberId), memberId, underWay);

        produce(caseAssigned(unique("case"), caseNumber(), taskForceId, memberId));
        await().atMost(PATIENCE).until(() -> mongo.findById(memberId, Document.class, "member_streams") != null);
        assertThat(unread(memberId))
                .as("the first write counts what is streamed")
                .isEqualTo(1);

        produce(underWay);
        await().atMost(PATIENCE)
                .until(() -> mongo.findById(memberId, Document.class, "member_streams")
                                .getList("entries", Document.class)
                                .size()
                        == 2);
        assertThat(unread(memberId)).as("each entry counted once").isEqualTo(2);
    }

    @Test
    void aReadIsCountedOnceWhateverCrashOrRepeatCameBetween() throws Exception {
        String memberId = unique("member");
        String taskForceId = unique("tf");
        memberKnown(memberId, "Omar Reyes", null, taskForceId);
        CloudEvent first = caseAssigned(unique("case"), caseNumber(), taskForceId, memberId);
        CloudEvent second = caseAssigned(unique("case"), caseNumber(), taskForceId, memberId);
        CloudEvent third = caseAssigned(unique("case"), caseNumber(), taskForceId, memberId);
        produce(first);
        produce(second);
        produce(third);
        await().atMost(PATIENCE).until(() -> unread(memberId) == 3);
        String firstId = DerivedId.of(first.id(), memberId);
        String secondId = DerivedId.of(second.id(), memberId);

        // marked read, then the service stopped before counting it
        mongo.getCollection("notifications")
                .updateOne(
                        new Document("_id", firstId),
                        new Document("$set", new Document("readAt", Date.from(Instant.now()))));
        assertThat(unread(memberId)).isEqualTo(3);
        markRead(memberId, firstId);
        assertThat(unread(memberId)).as("asked again, the read is counted").isEqualTo(2);
        markRead(memberId, firstId);
        assertThat(unread(memberId)).as("and only once").isEqualTo(2);

        markRead(memberId, secondId);
        // counted, then the service stopped before noting so on the entry
        mongo.getCollection("notifications")
                .updateOne(new Document("_id", secondId), new Document("$unset", new Document("readCounted", "")));
        markRead(memberId, secondId);
        assertThat(unread(memberId)).isEqualTo(1);

        assertThat(json(as(memberToken(memberId))
                                .post("/api/members/" + memberId + "/notifications/read-all", "")
                                .body())
                        .get("marked")
                        .asLong())
                .isEqualTo(1);
        assertThat(unread(memberId)).isZero();
        markRead(memberId, firstId);
        assertThat(unread(memberId)).isZero();
    }

    private void storedButNotStreamed(String notificationId, String memberId, CloudEvent event) {
        mongo.getCollection("notifications")
                .insertOne(new Document("_id", notificationId)
                        .append("memberId", memberId)
                        .append("caseId", event.subject())
                        .append("caseNumber", "BEST-HOU-FY27-999999")
                        .append("eventType", event.type())
                        .append("title", "Assigned")
                        .append("createdAt", Date.from(Instant.now())));
    }

    private void markRead(String memberId, String notificationId) throws Exception {
        assertThat(as(memberToken(memberId))
                        .post("/api/members/" + memberId + "/notifications/" + notificationId + "/read", "")
                        .statusCode())
                .isEqualTo(200);
    }

    private long unread(String memberId) throws Exception {
        return as(memberToken(memberId))
                .getJson("/api/members/" + memberId + "/notifications/unread-count")
                .get("unread")
                .asLong();
    }
}
