package taskforce.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A caller of the services with one identity's token; a service that is down answers status 0 instead of throwing. */
final class Api {

    record Answer(int status, JsonNode body) {
        boolean reached() {
            return status > 0;
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String token;

    Api(String token) {
        this.token = token;
    }

    Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of());
    }

    Answer post(String url, Object body, Map<String, String> headers) {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                headers);
    }

    private Answer send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(15));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(
                    response.statusCode(), body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body));
        } catch (IOException unreachable) {
            return new Answer(0, JSON.nullNode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, JSON.nullNode());
        }
    }
}
