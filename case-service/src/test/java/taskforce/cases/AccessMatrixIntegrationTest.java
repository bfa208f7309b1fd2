package taskforce.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import taskforce.infra.TestTokens;

/**
 * Every endpoint of case-service against every kind of caller: the expected status of each pair, in one table.
 * {@code {case}} in a path is a case of best-houston opened for that row's endpoint (shared by the rows of one
 * endpoint: only one row of each changing endpoint is allowed, so the refused rows leave the case as it was);
 * {@code {id}} is a fresh id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIntegrationTest extends CaseServiceIntegrationTest {

    private static final Map<String, String> TOKENS = Map.ofEntries(
            Map.entry("coordinator", COORDINATOR_TOKEN),
            Map.entry("member", GARZA_TOKEN),
            Map.entry("otherTaskForceMember", CHEN_TOKEN),
            Map.entry("otherTaskForceCoordinator", GANG_COORDINATOR_TOKEN),
            Map.entry("agencyAdmin", HOUSTON_ADMIN_TOKEN),
            Map.entry("agencySystem", HOUSTON_SYSTEM_TOKEN),
            Map.entry("admin", ADMIN_TOKEN),
            Map.entry("operator", TestTokens.operator()));

    private static final Map<String, Object> ASSIGNMENT = Map.of("memberId", NGUYEN, "role", "SUPPORT");
    private static final Map<String, Object> CLOSING = Map.of("status", "CLOSED", "reason", "duplicate");
    private static final Map<String, Object> NOTE = Map.of("text", "seen on Telephone Rd");
    private static final Map<String, Object> ARREST = Map.of("type", "ARREST");
    private static final Map<String, Object> MERGING = Map.of("intoCaseId", "{survivor}", "reason", "same target");
    private static final Map<String, Object> DECISION = Map.of("decision", "DIFFERENT_PERSON");
    private static final Map<String, Object> VALIDATING = Map.of("decision", "VALIDATED", "reason", "still relevant");
    private static final Map<String, Object> PURGING = Map.of("decision", "PURGE", "reason", "no longer needed");
    private static final Map<String, Object> AGENCY = Map.of("name", "Test PD", "type", "LOCAL", "state", "TX");
    private static final Map<String, Object> MEMBER =
            Map.of("name", "Test Officer", "agencyId", "houston-pd", "role", "MEMBER");

    /** The case each endpoint's rows work on, opened on first use. */
    private final Map<String, String> caseOfEndpoint = new HashMap<>();

    static Stream<Arguments> endpointsByCaller() {
        return Stream.of(
                // reading a case: members of its task force and administrators; everyone else as if it did not exist
                row("GET", "/api/cases/{case}", null, "coordinator", 200),
                row("GET", "/api/cases/{case}", null, "member", 200),
                row("GET", "/api/cases/{case}", null, "admin", 200),
                row("GET", "/api/cases/{case}", null, "otherTaskForceMember", 404),
                row("GET", "/api/cases/{case}", null, "otherTaskForceCoordinator", 404),
                row("GET", "/api/cases/{case}", null, "agencyAdmin", 404),
                row("GET", "/api/cases/{case}", null, "agencySystem", 404),
                row("GET", "/api/cases/{case}", null, "anonymous", 401),
                row("GET", "/api/cases/{case}/timeline", null, "member", 200),
                row("GET", "/api/cases/{case}/timeline", null, "admin", 200),
                row("GET", "/api/cases/{case}/timeline", null, "otherTaskForceMember", 404),
                row("GET", "/api/cases/{case}/timeline", null, "agencyAdmin", 404),
                row("GET", "/api/cases/{case}/timeline", null, "anonymous", 401),
                row("GET", "/api/cases/{case}/notes", null, "member", 200),
                row("GET", "/api/cases/{case}/notes", null, "admin", 200),
                row("GET", "/api/cases/{case}/notes", null, "otherTaskForceMember", 404),
                row("GET", "/api/cases/{case}/notes", null, "agencyAdmin", 404),
                row("GET", "/api/cases/{case}/notes", null, "anonymous", 401),
                // lists are filtered, never refused
                row("GET", "/api/cases?taskForceId=" + BEST_HOUSTON, null, "member", 200),
                row("GET", "/api/cases?taskForceId=" + BEST_HOUSTON, null, "otherTaskForceMember", 200),
                row("GET", "/api/cases?taskForceId=" + BEST_HOUSTON, null, "agencySystem", 200),
                row("GET", "/api/cases", null, "anonymous", 401),
                // coordinating: the task force's coordinator alone
                row("POST", "/api/cases/{case}/assignments", ASSIGNMENT, "member", 403),
                row("POST", "/api/cases/{case}/assignments", ASSIGNMENT, "admin", 403),
                row("POST", "/api/cases/{case}/assignments", ASSIGNMENT, "otherTaskForceCoordinator", 404),
                row("POST", "/api/cases/{case}/assignments", ASSIGNMENT, "agencyAdmin", 404),
                row("POST", "/api/cases/{case}/assignments", ASSIGNMENT, "agencySystem", 404),
                row("POST", "/api/cases/{case}/assignments", ASSIGNMENT, "anonymous", 401),
                row("POST", "/api/cases/{case}/assignments", ASSIGNMENT, "coordinator", 201),
                row("DELETE", "/api/cases/{case}/assignments/" + NGUYEN, null, "member", 403),
                row("DELETE", "/api/cases/{case}/assignments/" + NGUYEN, null, "admin", 403),
                row("DELETE", "/api/cases/{case}/assignments/" + NGUYEN, null, "otherTaskForceCoordinator", 404),
                row("DELETE", "/api/cases/{case}/assignments/" + NGUYEN, null, "anonymous", 401),
                row("DELETE", "/api/cases/{case}/assignments/" + NGUYEN, null, "coordinator", 204),
                row("POST", "/api/cases/{case}/status", CLOSING, "member", 403),
                row("POST", "/api/cases/{case}/status", CLOSING, "admin", 403),
                row("POST", "/api/cases/{case}/status", CLOSING, "otherTaskForceCoordinator", 404),
                row("POST", "/api/cases/{case}/status", CLOSING, "agencySystem", 404),
                row("POST", "/api/cases/{case}/status", CLOSING, "coordinator", 200),
                // merging two cases of a task force: its coordinator alone
                row("POST", "/api/cases/{case}/merge", MERGING, "member", 403),
                row("POST", "/api/cases/{case}/merge", MERGING, "admin", 403),
                row("POST", "/api/cases/{case}/merge", MERGING, "otherTaskForceCoordinator", 404),
                row("POST", "/api/cases/{case}/merge", MERGING, "otherTaskForceMember", 404),
                row("POST", "/api/cases/{case}/merge", MERGING, "agencyAdmin", 404),
                row("POST", "/api/cases/{case}/merge", MERGING, "agencySystem", 404),
                row("POST", "/api/cases/{case}/merge", MERGING, "operator", 404),
                row("POST", "/api/cases/{case}/merge", MERGING, "anonymous", 401),
                row("POST", "/api/cases/{case}/merge", MERGING, "coordinator", 200),
                // reviewing a case: its coordinator alone validates or purges it (each decision on a case of its own)
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "member", 403),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "admin", 403),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "otherTaskForceCoordinator", 404),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "otherTaskForceMember", 404),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "agencyAdmin", 404),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "agencySystem", 404),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "operator", 404),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "anonymous", 401),
                row("POST", "/api/cases/{case}/reviews", VALIDATING, "coordinator", 200),
                row("POST", "/api/cases/{case}/reviews", PURGING, "member", 403),
                row("POST", "/api/cases/{case}/reviews", PURGING, "admin", 403),
                row("POST", "/api/cases/{case}/reviews", PURGING, "otherTaskForceCoordinator", 404),
                row("POST", "/api/cases/{case}/reviews", PURGING, "otherTaskForceMember", 404),
                row("POST", "/api/cases/{case}/reviews", PURGING, "agencyAdmin", 404),
                row("POST", "/api/cases/{case}/reviews", PURGING, "agencySystem", 404),
                row("POST", "/api/cases/{case}/reviews", PURGING, "operator", 404),
                row("POST", "/api/cases/{case}/reviews", PURGING, "anonymous", 401),
                row("POST", "/api/cases/{case}/reviews", PURGING, "coordinator", 200),
                // a purged case: gone for those who could read it, missing for everyone else
                row("GET", "/api/cases/{purged}", null, "coordinator", 410),
                row("GET", "/api/cases/{purged}", null, "member", 410),
                row("GET", "/api/cases/{purged}", null, "admin", 410),
                row("GET", "/api/cases/{purged}", null, "otherTaskForceMember", 404),
                row("GET", "/api/cases/{purged}", null, "otherTaskForceCoordinator", 404),
                row("GET", "/api/cases/{purged}", null, "agencyAdmin", 404),
                row("GET", "/api/cases/{purged}", null, "agencySystem", 404),
                row("GET", "/api/cases/{purged}", null, "operator", 404),
                row("GET", "/api/cases/{purged}", null, "anonymous", 401),
                row("POST", "/api/cases/{purged}/notes", NOTE, "member", 410),
                row("POST", "/api/cases/{purged}/notes", NOTE, "otherTaskForceMember", 404),
                row("POST", "/api/cases/{purged}/reviews", VALIDATING, "coordinator", 410),
                row("POST", "/api/cases/{purged}/reviews", VALIDATING, "otherTaskForceCoordinator", 404),
                // the cases due for review: the task force's coordinators and administrators; anyone else finds none
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "coordinator", 200),
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "admin", 200),
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "member", 200),
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "otherTaskForceCoordinator", 200),
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "agencyAdmin", 200),
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "agencySystem", 200),
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "operator", 200),
                row("GET", "/api/reviews/due?taskForceId=" + BEST_HOUSTON, null, "anonymous", 401),
                row("GET", "/api/reviews/due", null, "coordinator", 400),
                // possible same person: the case's coordinator alone reads and decides
                row("GET", "/api/cases/{case}/possible-matches", null, "coordinator", 200),
                row("GET", "/api/cases/{case}/possible-matches", null, "member", 403),
                row("GET", "/api/cases/{case}/possible-matches", null, "admin", 403),
                row("GET", "/api/cases/{case}/possible-matches", null, "otherTaskForceCoordinator", 404),
                row("GET", "/api/cases/{case}/possible-matches", null, "agencySystem", 404),
                row("GET", "/api/cases/{case}/possible-matches", null, "anonymous", 401),
                row("POST", "/api/cases/{case}/possible-matches/{id}", DECISION, "member", 403),
                row("POST", "/api/cases/{case}/possible-matches/{id}", DECISION, "admin", 403),
                row("POST", "/api/cases/{case}/possible-matches/{id}", DECISION, "otherTaskForceCoordinator", 404),
                row("POST", "/api/cases/{case}/possible-matches/{id}", DECISION, "agencyAdmin", 404),
                row("POST", "/api/cases/{case}/possible-matches/{id}", DECISION, "anonymous", 401),
                row("POST", "/api/cases/{case}/possible-matches/{id}", DECISION, "coordinator", 404),
                // working a case: any member of its task force
                row("POST", "/api/cases/{case}/notes", NOTE, "member", 201),
                row("POST", "/api/cases/{case}/notes", NOTE, "coordinator", 201),
                row("POST", "/api/cases/{case}/notes", NOTE, "admin", 403),
                row("POST", "/api/cases/{case}/notes", NOTE, "otherTaskForceMember", 404),
                row("POST", "/api/cases/{case}/notes", NOTE, "agencyAdmin", 404),
                row("POST", "/api/cases/{case}/outcomes", ARREST, "member", 201),
                row("POST", "/api/cases/{case}/outcomes", ARREST, "admin", 403),
                row("POST", "/api/cases/{case}/outcomes", ARREST, "otherTaskForceMember", 404),
                row("POST", "/api/cases/{case}/outcomes", ARREST, "agencySystem", 404),
                // the directory: everyone reads, administrators write
                row("GET", "/api/agencies", null, "member", 200),
                row("GET", "/api/agencies", null, "agencySystem", 200),
                row("GET", "/api/agencies", null, "anonymous", 401),
                row("GET", "/api/task-forces/" + BEST_HOUSTON + "/members", null, "agencyAdmin", 200),
                row("GET", "/api/agreements", null, "otherTaskForceMember", 200),
                row("GET", "/api/programs", null, "agencySystem", 200),
                row("POST", "/api/agencies", Map.of("id", "{id}", "name", "Test PD", "type", "LOCAL"), "admin", 201),
                row("POST", "/api/agencies", Map.of("id", "{id}", "name", "Test PD", "type", "LOCAL"), "member", 403),
                // a caller who may not write learns nothing from validation either
                row("POST", "/api/agencies", Map.of("colour", "blue"), "agencyAdmin", 403),
                row("POST", "/api/agencies", Map.of("colour", "blue"), "admin", 400),
                row("PUT", "/api/agencies/{id}", AGENCY, "coordinator", 403),
                row("PUT", "/api/agencies/{id}", AGENCY, "agencyAdmin", 403),
                row("PUT", "/api/agencies/{id}", AGENCY, "admin", 201),
                row("PUT", "/api/members/{id}", MEMBER, "agencySystem", 403),
                row("PUT", "/api/members/{id}", MEMBER, "coordinator", 403),
                row("PUT", "/api/members/{id}", MEMBER, "admin", 201),
                // the audit trail: administrators only
                row("GET", "/api/audit?objectId={case}", null, "admin", 200),
                row("GET", "/api/audit?objectId={case}", null, "coordinator", 403),
                row("GET", "/api/audit?objectId={case}", null, "agencyAdmin", 403),
                // aggregates of the kind programs publish: any caller with a role
                row("GET", "/api/reports/results", null, "anonymous", 401),
                row("GET", "/api/reports/results", null, "coordinator", 200),
                row("GET", "/api/reports/results", null, "agencyAdmin", 200),
                // metrics and every other actuator endpoint but health: operators and administrators only
                // (the index stands for them where the table asks for JSON)
                row("GET", "/actuator", null, "operator", 200),
                row("GET", "/actuator", null, "admin", 200),
                row("GET", "/actuator/prometheus", null, "member", 403),
                row("GET", "/actuator/prometheus", null, "coordinator", 403),
                row("GET", "/actuator/prometheus", null, "agencySystem", 403),
                row("GET", "/actuator/prometheus", null, "agencyAdmin", 403),
                row("GET", "/actuator/prometheus", null, "anonymous", 401),
                row("GET", "/actuator/info", null, "member", 403),
                // an operator sees no case content and no audit trail
                row("GET", "/api/cases/{case}", null, "operator", 404),
                row("GET", "/api/audit?objectId={case}", null, "operator", 403),
                // open to all, for probes and clients
                row("GET", "/actuator/health", null, "anonymous", 200),
                row("GET", "/v3/api-docs", null, "anonymous", 200));
    }

    private static Arguments row(String method, String path, Map<String, Object> body, String caller, int status) {
        return Arguments.of(method, path, body, caller, status);
    }

    @ParameterizedTest(name = "{0} {1} as {3} -> {4}")
    @MethodSource("endpointsByCaller")
    void answersEachCallerAsTheRulesSay(
            String method, String path, Map<String, Object> body, String caller, int expectedStatus) {
        String id = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        String resolvedPath = path.replace("{id}", id);
        if (resolvedPath.contains("{case}")) {
            // a review's two decisions each work on a case of their own
            String endpoint = method + " " + path + (body == null ? "" : " " + body.getOrDefault("decision", ""));
            String caseId = caseOfEndpoint.computeIfAbsent(endpoint, this::prepareCase);
            resolvedPath = resolvedPath.replace("{case}", caseId);
        }
        if (resolvedPath.contains("{purged}")) {
            String caseId = caseOfEndpoint.computeIfAbsent("purged", endpoint -> purgedCase());
            resolvedPath = resolvedPath.replace("{purged}", caseId);
        }
        Object resolvedBody = body == null ? null : withId(body, id);
        if (body != null && body.containsValue("{survivor}")) {
            // the other case of a merge, one per endpoint like the case itself
            String survivor = caseOfEndpoint.computeIfAbsent(
                    "survivor of " + method + " " + path, endpoint -> openCase().caseId());
            Map<String, Object> withSurvivor = new HashMap<>(body);
            withSurvivor.replaceAll((field, value) -> "{survivor}".equals(value) ? survivor : value);
            resolvedBody = withSurvivor;
        }
        Client client = caller.equals("anonymous") ? anonymous() : as(TOKENS.get(caller));

        Response response = client.send(method, resolvedPath, resolvedBody, Map.of());

        assertThat(response.status()).as(response.raw().body()).isEqualTo(expectedStatus);
    }

    /** A case for the endpoint's rows; unassigning needs someone assigned first. */
    private String prepareCase(String endpoint) {
        String caseId = openCase().caseId();
        if (endpoint.startsWith("DELETE")) {
            assertThat(as(COORDINATOR_TOKEN)
                            .post("/api/cases/" + caseId + "/assignments", ASSIGNMENT)
                            .status())
                    .isEqualTo(201);
        }
        return caseId;
    }

    /** A case its coordinator purged, shared by every row about a purged case. */
    private String purgedCase() {
        String caseId = openCase().caseId();
        assertThat(as(COORDINATOR_TOKEN)
                        .post("/api/cases/" + caseId + "/reviews", PURGING)
                        .status())
                .isEqualTo(200);
        return caseId;
    }

    private static Map<String, Object> withId(Map<String, Object> body, String id) {
        Map<String, Object> resolved = new HashMap<>(body);
        resolved.replaceAll((field, value) -> "{id}".equals(value) ? id : value);
        return resolved;
    }
}
