package taskforce.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import taskforce.contracts.cases.CaseNotice;
import taskforce.contracts.schema.AsyncApiDocument;
import taskforce.contracts.schema.JsonSchemas;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas and the AsyncAPI document that agencies read are committed files; they must equal what the
 * catalogues and payload records say. After a deliberate change, regenerate them with
 * {@code mvn -pl contracts test -Dcontracts.regenerate=true} and review the diff.
 */
class PublishedDocumentsTest {

    static final Path RESOURCES = Path.of("src/main/resources");
    static final boolean REGENERATE = Boolean.getBoolean("contracts.regenerate");

    @TestFactory
    Stream<DynamicTest> everyEventTypeHasAnUpToDateSchema() {
        return EventTypes.ALL.stream()
                .map(type -> DynamicTest.dynamicTest(type.name(), () -> {
                    assertCommitted(RESOURCES.resolve("schemas/" + type.name() + ".json"), JsonSchemas.write(type));
                }));
    }

    @Test
    void theAsyncApiDocumentListsEveryTopicAndEventType() throws IOException {
        assertCommitted(RESOURCES.resolve("asyncapi.json"), AsyncApiDocument.write());
        JsonNode doc = EventCodec.instance().mapper().readTree(AsyncApiDocument.write());
        Topics.ALL.forEach(topic -> assertThat(doc.path("channels").has(topic.name()))
                .as(topic.name())
                .isTrue());
        EventTypes.ALL.forEach(type -> assertThat(doc.path("channels")
                        .path(type.topic().name())
                        .path("messages")
                        .has(type.name()))
                .as(type.name())
                .isTrue());
    }

    /** The thin form webhooks carry to agencies without a right to the content: its schema and golden sample. */
    @Test
    void theThinFormOfCaseEventsHasAnUpToDateSchemaThatItsGoldenSampleFollows() throws IOException {
        assertCommitted(RESOURCES.resolve("schemas/" + CaseNotice.NAME + ".json"), JsonSchemas.writeCaseNotice());
        JsonNode schema = JsonSchemas.forCaseNotice();
        JsonNode sample = EventCodec.instance().mapper().readTree(GoldenSamplesTest.golden(CaseNotice.NAME));
        schema.path("required")
                .forEach(name -> assertThat(sample.has(name.asString()))
                        .as(name.asString())
                        .isTrue());
        assertThat(sample.path("dataschema").asString()).isEqualTo(CaseNotice.SCHEMA);
        assertThat(sample.path("type").asString()).matches("^case\\..*");
        JsonNode data = sample.path("data");
        assertThat(data.propertyNames())
                .containsExactlyInAnyOrderElementsOf(schema.path("properties")
                        .path("data")
                        .path("properties")
                        .propertyNames());
        CaseNotice notice = EventCodec.instance()
                .mapper()
                .rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build()
                .treeToValue(data, CaseNotice.class);
        assertThat(notice.withheld()).isTrue();
        assertThat(notice.taskForceId()).isEqualTo("best-houston");
    }

    @Test
    void theAsyncApiDocumentDescribesBothFormsOfWebhooks() {
        JsonNode doc = EventCodec.instance().mapper().readTree(AsyncApiDocument.write());
        JsonNode webhook = doc.path("channels").path("agency-webhook").path("messages");
        assertThat(webhook.has(CaseNotice.NAME)).isTrue();
        EventTypes.ALL.stream()
                .filter(type -> type.topic().equals(Topics.CASES))
                .forEach(type ->
                        assertThat(webhook.has(type.name())).as(type.name()).isTrue());
        assertThat(doc.path("components")
                        .path("messages")
                        .path(CaseNotice.NAME)
                        .path("payload")
                        .path("$ref")
                        .asString())
                .isEqualTo("schemas/" + CaseNotice.NAME + ".json");
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenSampleHasTheFieldsItsSchemaDescribes() {
        return EventTypes.ALL.stream()
                .map(type -> DynamicTest.dynamicTest(type.name(), () -> {
                    JsonNode sample = EventCodec.instance().mapper().readTree(GoldenSamplesTest.golden(type.name()));
                    JsonNode schema = JsonSchemas.forEventType(type);
                    schema.path("required")
                            .forEach(name -> assertThat(sample.has(name.asString()))
                                    .as(name.asString())
                                    .isTrue());
                    assertThat(sample.path("type").asString())
                            .isEqualTo(schema.path("properties")
                                    .path("type")
                                    .path("const")
                                    .asString());
                    schema.path("properties")
                            .path("data")
                            .path("properties")
                            .propertyNames()
                            .forEach(field -> assertThat(sample.path("data").has(field))
                                    .as("golden %s has %s", type.name(), field)
                                    .isTrue());
                }));
    }

    private static void assertCommitted(Path file, String expected) throws IOException {
        if (REGENERATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(file)
                .as(file + " exists (regenerate with -Dcontracts.regenerate=true)")
                .exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as(file + " is out of date: regenerate with -Dcontracts.regenerate=true and review the diff")
                .isEqualTo(expected);
    }
}
