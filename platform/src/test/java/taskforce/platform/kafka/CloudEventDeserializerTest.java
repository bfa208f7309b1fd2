package taskforce.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseNoteAdded;

class CloudEventDeserializerTest {

    private final CloudEventDeserializer deserializer = new CloudEventDeserializer();
    private final CloudEvent note = EventCodec.instance()
            .wrap(
                    EventTypes.CASE_NOTE_ADDED,
                    "/test",
                    "case-1",
                    Instant.parse("2026-03-01T12:00:00Z"),
                    new CaseNoteAdded("case-1", "BEST-HOU-FY27-000001", "best-houston", "n-1", "text", "a", null));

    private byte[] bytes(CloudEvent event) {
        return EventCodec.instance().write(event).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAnEventOfItsTopic() {
        assertThat(deserializer.deserialize(Topics.CASES_NAME, bytes(note)).id())
                .isEqualTo(note.id());
    }

    @Test
    void refusesAnEventThatBelongsOnAnotherTopic() {
        assertThatThrownBy(() -> deserializer.deserialize(Topics.LEADS_NAME, bytes(note)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("belongs on " + Topics.CASES_NAME);
    }

    @Test
    void refusesARecordThatIsNotJson() {
        assertThatThrownBy(
                        () -> deserializer.deserialize(Topics.CASES_NAME, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void refusesARecordWithoutValue() {
        assertThatThrownBy(() -> deserializer.deserialize(Topics.CASES_NAME, null))
                .isInstanceOf(MalformedEventException.class);
    }
}
