package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What {@code ./run-local.sh} promises about data: a restart keeps it (store and broker both file-backed) and
 * {@code --reset} wipes it. Runs the laptop's setup, file-backed store and a real KafkaRaftServer, on free ports.
 */
class LocalStackRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsLeadsAndCasesAcrossARestartAndForgetsThemOnReset() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> lead = WholeStorySystemTest.lead(
                WholeStorySystemTest.HOUSTON, WholeStorySystemTest.HOUSTON_OFFICER, "RESTART-" + run, "(713) 555-4242");
        String leadId;
        String caseId;
        try (LocalStack first = start(false)) {
            Http garza = Http.user(first, WholeStorySystemTest.HOUSTON_OFFICER);
            Http.Response accepted = WholeStorySystemTest.submit(first, garza, lead, "restart-" + run);
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
            leadId = accepted.body().get("leadId").asString();
            caseId = WholeStorySystemTest.awaitLinked(first, garza, leadId)
                    .get("caseId")
                    .asString();
        }

        try (LocalStack second = start(false)) {
            // the provider's signing key is new after a restart; a fresh sign-in gets a token the services trust
            Http garza = Http.user(second, WholeStorySystemTest.HOUSTON_OFFICER);
            Http lee = Http.user(second, WholeStorySystemTest.DALLAS_OFFICER);
            JsonNode kept =
                    garza.get(second.intakeUrl() + "/api/leads/" + leadId).body();
            assertThat(kept.path("status").asString()).isEqualTo("LINKED");
            assertThat(garza.get(second.casesUrl() + "/api/cases/" + caseId).status())
                    .isEqualTo(200);
            // the broker kept its topics and offsets too: a new lead with the same phone joins the same case
            Map<String, Object> another = WholeStorySystemTest.lead(
                    WholeStorySystemTest.DALLAS,
                    WholeStorySystemTest.DALLAS_OFFICER,
                    "RESTART2-" + run,
                    "+1 713 555 4242");
            Http.Response joined = WholeStorySystemTest.submit(second, lee, another, "restart2-" + run);
            assertThat(WholeStorySystemTest.awaitLinked(
                                    second, lee, joined.body().get("leadId").asString())
                            .get("caseId")
                            .asString())
                    .isEqualTo(caseId);
        }

        try (LocalStack reset = start(true)) {
            Http admin = Http.user(reset, "admin");
            assertThat(admin.get(reset.intakeUrl() + "/api/leads/" + leadId).status())
                    .isEqualTo(404);
            assertThat(admin.get(reset.casesUrl() + "/api/cases/" + caseId).status())
                    .isEqualTo(404);
            assertThat(admin.get(reset.casesUrl() + "/api/task-forces").body().size())
                    .as("the demo directory is seeded again")
                    .isEqualTo(5);
        }
    }

    private LocalStack start(boolean reset) {
        return LocalStack.start(new LocalStack.Options(dataDir, reset, LocalStack.Ports.free()));
    }
}
