package taskforce.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationsIntegrationTest extends CaseServiceIntegrationTest {

    @Test
    void reportsHealthAndPublishesItsOpenApiDocument() {
        Response health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");

        Response api = anonymous().get("/v3/api-docs");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body().get("paths").propertyNames())
                .contains(
                        "/api/cases/{caseId}/assignments",
                        "/api/cases/{caseId}/timeline",
                        "/api/task-forces",
                        "/api/agreements",
                        "/api/programs");
    }
}
