package taskforce.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;

/**
 * The core integration tests again, against real Apache Kafka and MongoDB images, so that what mongo-java-server
 * and the in-process broker let pass is proven on the real thing wherever a Docker engine runs; skipped elsewhere.
 * The containers' connection details take precedence over the shared infrastructure's properties.
 */
@Testcontainers(disabledWithoutDocker = true)
class CaseServiceContainersTest extends CaseServiceIntegrationTest {

    @Container
    @ServiceConnection
    static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));

    @Container
    @ServiceConnection
    static final MongoDBContainer MONGO = new MongoDBContainer(DockerImageName.parse("mongo:8.0"));

    @Test
    void triagesLeadsIntoOneCaseByAPhoneWrittenTwoWays() {
        String digits = uniquePhone().replaceAll("\\D", "");
        LeadSubmitted first = lead(BEST_HOUSTON, phone(digits));
        produce(submitted(first));
        produce(submitted(first));
        LeadTriaged opened = awaitTriaged(first.leadId());
        assertThat(opened.newCase()).isTrue();

        LeadSubmitted second = lead(BEST_HOUSTON, phone("+1 " + digits));
        produce(submitted(second));
        LeadTriaged linked = awaitTriaged(second.leadId());
        assertThat(linked.caseId()).isEqualTo(opened.caseId());
        assertThat(as(GARZA_TOKEN)
                        .get("/api/cases/" + opened.caseId())
                        .body()
                        .get("leadIds")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void assignsWithVersionGuardedWrites() {
        LeadTriaged opened = openCase();
        Response assigned = as(COORDINATOR_TOKEN)
                .send(
                        "POST",
                        "/api/cases/" + opened.caseId() + "/assignments",
                        Map.of("memberId", GARZA, "role", "LEAD", "assignedBy", COORDINATOR),
                        Map.of("If-Match", "1"));
        assertThat(assigned.status()).isEqualTo(201);
        Response stale = as(COORDINATOR_TOKEN)
                .send(
                        "POST",
                        "/api/cases/" + opened.caseId() + "/status",
                        Map.of("status", "ACTIVE", "changedBy", COORDINATOR),
                        Map.of("If-Match", "1"));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(as(GARZA_TOKEN)
                        .get("/api/cases/" + opened.caseId() + "/timeline")
                        .body()
                        .size())
                .isEqualTo(3);
    }
}
