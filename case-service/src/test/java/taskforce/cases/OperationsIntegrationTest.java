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
                        "/api/programs",
                        "/api/reports/results");
        // the identity fields stay in the API for compatibility, documented as overridden by the token
        assertThat(api.body()
                        .get("components")
                        .get("schemas")
                        .get("AssignRequest")
                        .get("properties")
                        .get("assignedBy")
                        .get("description")
                        .asString())
                .contains("token");
        // the caller comes from the token, never from parameters a client could set
        assertThat(api.body()
                        .get("paths")
                        .get("/api/cases")
                        .get("get")
                        .get("parameters")
                        .valueStream()
                        .map(p -> p.get("name").asString()))
                .contains("taskForceId")
                .doesNotContain("caller", "subject", "memberId", "agencyId", "remoteAddress");
    }
}
