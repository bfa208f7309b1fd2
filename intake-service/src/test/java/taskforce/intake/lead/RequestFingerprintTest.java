package taskforce.intake.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.Priority;
import tools.jackson.databind.json.JsonMapper;

class RequestFingerprintTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    private LeadSubmissionRequest parse(String json) {
        return mapper.readValue(json, LeadSubmissionRequest.class);
    }

    static LeadSubmissionRequest sample(String summary) {
        return new LeadSubmissionRequest(
                "houston-pd",
                "m-1",
                "best-hou",
                "HPD-1",
                Priority.ROUTINE,
                summary,
                null,
                Instant.parse("2026-11-20T18:30:00Z"),
                null,
                List.of(),
                List.of(new LeadSubmissionRequest.IdentifierInput(IdentifierType.PHONE, "(713) 555-0100")));
    }

    @Nested
    class SameContent {

        @Test
        void ignoresLayoutKeyOrderAndExplicitNulls() {
            String a = """
                    {"agencyId":"houston-pd","submittedBy":"m-1","taskForceId":"best-hou","agencyReference":"HPD-1",
                     "priority":"ROUTINE","summary":"s","occurredAt":"2026-11-20T18:30:00Z",
                     "location":{"latitude":29.76,"longitude":-95.36}}""";
            String b = """
                    {
                      "occurredAt" : "2026-11-20T18:30:00.000Z", "summary":"s", "narrative": null,
                      "location":{"longitude":-95.360,"latitude":29.76, "city": null},
                      "priority":"ROUTINE","agencyReference":"HPD-1","taskForceId":"best-hou",
                      "submittedBy":"m-1","agencyId":"houston-pd"
                    }""";
            assertThat(RequestFingerprint.of(parse(a))).isEqualTo(RequestFingerprint.of(parse(b)));
        }

        @Test
        void isAStableSha256InHex() {
            String fingerprint = RequestFingerprint.of(sample("s"));
            assertThat(fingerprint).hasSize(64).matches("[0-9a-f]+").isEqualTo(RequestFingerprint.of(sample("s")));
        }

        @Test
        void writesPropertiesInAlphabeticalOrder() {
            assertThat(RequestFingerprint.canonicalJson(sample("s")))
                    .startsWith("{\"agencyId\":\"houston-pd\",\"agencyReference\":\"HPD-1\",\"identifiers\":");
        }
    }

    @Nested
    class DifferentContent {

        @Test
        void changesWithAnyField() {
            assertThat(RequestFingerprint.of(sample("one"))).isNotEqualTo(RequestFingerprint.of(sample("two")));
        }

        @Test
        void changesWithWhitespaceInsideValues() {
            assertThat(RequestFingerprint.of(sample("s"))).isNotEqualTo(RequestFingerprint.of(sample("s ")));
        }
    }
}
