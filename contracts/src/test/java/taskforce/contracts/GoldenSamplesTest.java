package taskforce.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseOutcomeRecorded;
import taskforce.contracts.cases.CasePriorityRaised;
import taskforce.contracts.cases.Seizure;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event type has a golden sample that must read into its payload record with no field left over and
 * write back to the same JSON: a renamed or removed field fails here, before it fails a consumer.
 */
class GoldenSamplesTest {

    private final EventCodec codec = EventCodec.instance();
    private final JsonMapper strict = codec.mapper()
            .rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @TestFactory
    Stream<DynamicTest> everyEventTypeRoundTripsItsGoldenSample() {
        return EventTypes.ALL.stream().map(type -> DynamicTest.dynamicTest(type.name(), () -> assertRoundTrip(type)));
    }

    private <T> void assertRoundTrip(EventType<T> type) throws IOException {
        String json = golden(type.name());
        CloudEvent event = codec.read(json);
        assertThat(event.type()).isEqualTo(type.name());
        assertThat(event.subject()).as("subject is the aggregate id").isNotBlank();

        T payload = strict.treeToValue(event.data(), type.payloadType());
        JsonNode written = codec.mapper().readTree(codec.mapper().writeValueAsString(payload));
        assertThat(written).as("payload of %s written back", type.name()).isEqualTo(event.data());

        CloudEvent reread = codec.read(codec.write(event));
        assertThat(codec.payload(reread, type)).isEqualTo(payload);
        assertThat(reread.time()).isEqualTo(event.time());
    }

    static String golden(String typeName) throws IOException {
        try (InputStream in = GoldenSamplesTest.class.getResourceAsStream("/golden/" + typeName + ".json")) {
            assertThat(in).as("golden sample for " + typeName).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Nested
    class Reading {

        @Test
        void ignoresFieldsAddedByANewerProducer() throws IOException {
            String json =
                    golden("case.assigned.v1").replace("\"role\": \"LEAD\"", "\"role\": \"LEAD\", \"badge\": \"77\"");
            CloudEvent event = codec.read(json);
            assertThat(codec.payload(event, EventTypes.CASE_ASSIGNED).memberId())
                    .isEqualTo("hsi-agent-nguyen");
        }

        @Test
        void readsASubjectWrittenBeforeAliasesExisted() throws IOException {
            String json = golden("lead.submitted.v1").replace(", \"aliases\": [\"Juanito Pérez\", \"El Flaco\"]", "");
            assertThat(json).doesNotContain("aliases");
            CloudEvent event = codec.read(json);
            var subject =
                    codec.payload(event, EventTypes.LEAD_SUBMITTED).subjects().get(0);
            assertThat(subject.name()).isEqualTo("Juan Perez");
            assertThat(subject.aliases()).isNull();
        }

        @Test
        void readsALinkWrittenBeforeMatchedPeopleExisted() throws IOException {
            String json = golden("case.lead-linked.v1").replaceAll(", \"matchedPeople\": \\[[^\\]]*\\]", "");
            assertThat(json).doesNotContain("matchedPeople");
            CloudEvent event = codec.read(json);
            assertThat(codec.payload(event, EventTypes.CASE_LEAD_LINKED).matchedPeople())
                    .isNull();
        }

        @Test
        void readsADirectoryEventWrittenBeforeVersionsExisted() throws IOException {
            String json = golden("member.upserted.v1").replace(", \"version\": 2", "");
            assertThat(json).doesNotContain("\"version\"");
            CloudEvent event = codec.read(json);
            var member = codec.payload(event, EventTypes.MEMBER_UPSERTED);
            assertThat(member.id()).isEqualTo("best-coordinator-ramirez");
            assertThat(member.version()).isNull();
        }

        @Test
        void readsAnOpeningWrittenBeforeNormalizedIdentifiersExisted() throws IOException {
            String json = golden("case.opened.v1").replaceAll(", \"normalizedIdentifiers\": \\[[^\\]]*\\]", "");
            assertThat(json).doesNotContain("normalizedIdentifiers");
            CloudEvent event = codec.read(json);
            assertThat(codec.payload(event, EventTypes.CASE_OPENED).normalizedIdentifiers())
                    .isNull();
        }

        @Test
        void readsALinkWrittenBeforeAddedSubjectsAndIdentifiersExisted() throws IOException {
            String json = golden("case.lead-linked.v1")
                    .replaceAll(", \"addedSubjects\": \\[[^\\]]*\\]", "")
                    .replaceAll(", \"addedIdentifiers\": \\[[^\\]]*\\]", "");
            assertThat(json).doesNotContain("added");
            CaseLeadLinked linked = codec.payload(codec.read(json), EventTypes.CASE_LEAD_LINKED);
            assertThat(linked.addedSubjects()).isNull();
            assertThat(linked.addedIdentifiers()).isNull();
        }

        @Test
        void readsACaseEventAsItsSealedType() throws IOException {
            CaseEventData data = codec.caseEvent(codec.read(golden("case.priority-raised.v1")));
            assertThat(data).isInstanceOf(CasePriorityRaised.class);
            assertThat(data.caseNumber()).isEqualTo("BEST-HOU-FY27-000042");
        }

        @Test
        void refusesToReadAnEventOfAnotherTopicAsACaseEvent() throws IOException {
            CloudEvent event = codec.read(golden("lead.submitted.v1"));
            assertThatThrownBy(() -> codec.caseEvent(event))
                    .isInstanceOf(MalformedEventException.class)
                    .isNotInstanceOf(UnknownEventTypeException.class);
        }

        @Test
        void refusesTextThatIsNotJson() {
            assertThatThrownBy(() -> codec.read("not json at all")).isInstanceOf(MalformedEventException.class);
        }

        @Test
        void refusesAnUnknownEventType() throws IOException {
            String json = golden("case.assigned.v1").replace("\"case.assigned.v1\"", "\"case.exploded.v1\"");
            assertThatThrownBy(() -> codec.read(json))
                    .isInstanceOf(UnknownEventTypeException.class)
                    .hasMessageContaining("case.exploded.v1")
                    .satisfies(e ->
                            assertThat(((UnknownEventTypeException) e).type()).isEqualTo("case.exploded.v1"));
        }

        @Test
        void refusesAnEventWithoutId() throws IOException {
            String json = golden("case.assigned.v1").replace("\"id\": \"11111111-0000-4000-8000-000000000003\",", "");
            assertThatThrownBy(() -> codec.read(json)).isInstanceOf(MalformedEventException.class);
        }

        @Test
        void refusesDataOfTheWrongShape() throws IOException {
            String json = golden("case.assigned.v1").replace("\"role\": \"LEAD\"", "\"role\": \"CAPTAIN\"");
            CloudEvent event = codec.read(json);
            assertThatThrownBy(() -> codec.payload(event, EventTypes.CASE_ASSIGNED))
                    .isInstanceOf(MalformedEventException.class);
        }

        @Test
        void refusesToReadOneTypeAsAnother() throws IOException {
            CloudEvent event = codec.read(golden("case.assigned.v1"));
            assertThatThrownBy(() -> codec.payload(event, EventTypes.CASE_OPENED))
                    .isInstanceOf(MalformedEventException.class);
        }
    }

    @Test
    void readsADecimalQuantityExactlyAsWritten() throws IOException {
        String json = golden("case.outcome-recorded.v1");
        CaseOutcomeRecorded outcome = codec.payload(codec.read(json), EventTypes.CASE_OUTCOME_RECORDED);
        Seizure precise = new Seizure(
                outcome.seizure().category(),
                new BigDecimal("12345678901234567.50"),
                outcome.seizure().unit());
        CaseOutcomeRecorded written = new CaseOutcomeRecorded(
                outcome.caseId(),
                outcome.caseNumber(),
                outcome.taskForceId(),
                outcome.outcomeId(),
                outcome.type(),
                outcome.count(),
                precise,
                outcome.agencyId(),
                outcome.occurredAt(),
                outcome.recordedBy(),
                outcome.recordedAt());
        CloudEvent event =
                codec.wrap(EventTypes.CASE_OUTCOME_RECORDED, "/test", outcome.caseId(), outcome.recordedAt(), written);
        assertThat(codec.payload(codec.read(codec.write(event)), EventTypes.CASE_OUTCOME_RECORDED))
                .isEqualTo(written);
    }

    @Test
    void writesTimesAsIsoInstants() throws IOException {
        CloudEvent event = codec.read(golden("lead.submitted.v1"));
        assertThat(codec.write(event)).contains("\"time\":\"2026-11-20T18:35:12.123Z\"");
    }

    @Test
    void everyCaseEventNamesItsCaseAndTaskForce() {
        assertThat(EventTypes.ALL)
                .filteredOn(type -> type.topic().equals(Topics.CASES))
                .isNotEmpty()
                .allSatisfy(type -> assertThat(taskforce.contracts.cases.CaseEventData.class)
                        .isAssignableFrom(type.payloadType()));
    }

    @Test
    void everyCaseEventTypeIsOneOfTheSealedCaseEvents() {
        assertThat(EventTypes.ALL.stream()
                        .filter(type -> type.topic().equals(Topics.CASES))
                        .<Object>map(EventType::payloadType))
                .containsExactlyInAnyOrder((Object[]) CaseEventData.class.getPermittedSubclasses());
    }

    @Test
    void everyTopicCarriesSomeEventType() {
        assertThat(Topics.ALL)
                .allSatisfy(topic ->
                        assertThat(EventTypes.ALL).anyMatch(type -> type.topic().equals(topic)));
    }
}
