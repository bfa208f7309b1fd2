package taskforce.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Valid;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import taskforce.infra.SharedTestInfrastructure;
import taskforce.infra.TestTokens;

/** The platform's HTTP hardening, as any service gets it, over real HTTP. */
@SpringBootTest(
        classes = RequestHardeningTest.WebApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "taskforce.web.max-body-size=2KB",
            "taskforce.web.allowed-origins=http://console.example",
            "spring.kafka.consumer.group-id=platform-web-test"
        })
class RequestHardeningTest {

    record Note(
            @PlainText String reference,
            @PlainText(lineBreaks = true) String narrative) {}

    @SpringBootApplication
    static class WebApplication {

        @RestController
        static class Notes {
            @PostMapping("/api/notes")
            Note echo(@Valid @RequestBody Note note) {
                return note;
            }
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers",
                () -> SharedTestInfrastructure.kafka().bootstrapServers());
        registry.add(
                "spring.mongodb.uri", () -> SharedTestInfrastructure.mongo().uri("platform-web-test"));
        registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notes"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestTokens.admin())
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String json) throws IOException, InterruptedException {
        return post(HttpRequest.BodyPublishers.ofString(json));
    }

    @Nested
    class PlainTextFields {

        @Test
        void acceptTextAndLineBreaksWhereTheyAreAllowed() throws Exception {
            HttpResponse<String> answer = post(
                    "{\"reference\": \"HPD-2026-44812 \u00e9\u00f1\u4e2d\", \"narrative\": \"line one\\nline two\\ttabbed\"}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        @Test
        void refuseAControlCharacterNamingTheField() throws Exception {
            HttpResponse<String> answer = post("{\"reference\": \"HPD\\u0007-1\"}");
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("\"field\":\"reference\"");
        }

        @Test
        void refuseAnInvisibleDirectionOverride() throws Exception {
            HttpResponse<String> answer = post("{\"reference\": \"HPD-\\u202e1-DPH\"}");
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("\"field\":\"reference\"");
        }

        @Test
        void refuseALineBreakInASingleLineField() throws Exception {
            HttpResponse<String> answer = post("{\"reference\": \"HPD\\n1\"}");
            assertThat(answer.statusCode()).isEqualTo(400);
        }
    }

    @Nested
    class BodySize {

        private final String large = "{\"narrative\": \"" + "x".repeat(4096) + "\"}";

        @Test
        void refusesABodyDeclaredTooLargeWithProblemDetails() throws Exception {
            HttpResponse<String> answer = post(large);
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).contains("\"status\":413");
        }

        @Test
        void refusesAChunkedBodyThatTurnsOutTooLarge() throws Exception {
            byte[] bytes = large.getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> answer =
                    post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.body()).contains("Request body too large");
        }

        @Test
        void acceptsABodyWithinTheLimit() throws Exception {
            assertThat(post("{\"narrative\": \"" + "x".repeat(1000) + "\"}").statusCode())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Browsers {

        @Test
        void areToldNotToSniffFrameOrCacheApiAnswers() throws Exception {
            Map<String, java.util.List<String>> headers = post("{}").headers().map();
            assertThat(headers.get("x-content-type-options")).containsExactly("nosniff");
            assertThat(headers.get("x-frame-options")).containsExactly("DENY");
            assertThat(headers.get("cache-control")).containsExactly("no-store");
            assertThat(headers.get("content-security-policy").get(0)).contains("default-src 'none'");
        }

        @Test
        void mayCallFromTheConsolesOriginOnly() throws Exception {
            assertThat(preflight("http://console.example").statusCode()).isEqualTo(200);
            assertThat(preflight("http://console.example").headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("http://console.example");
            assertThat(preflight("http://evil.example").statusCode()).isEqualTo(403);
        }

        private HttpResponse<String> preflight(String origin) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notes"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", origin)
                            .header("Access-Control-Request-Method", "POST")
                            .header("Access-Control-Request-Headers", "content-type")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
