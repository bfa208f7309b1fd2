package taskforce.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import taskforce.identity.DemoTokenClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A user of the REST APIs, over real HTTP, with the bearer token of one identity (or none). */
final class Http {

    static final Http ANONYMOUS = new Http(null);

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final String token;

    private Http(String token) {
        this.token = token;
    }

    /** A demo user of the stack's identity provider, signed in as a shell would (authorization code with PKCE). */
    static Http user(LocalStack stack, String username) {
        return new Http(new DemoTokenClient(stack.identityUrl()).forUser(username, "demo"));
    }

    /** An agency's own system, with client credentials. */
    static Http agencySystem(LocalStack stack, String agencyId) {
        return new Http(new DemoTokenClient(stack.identityUrl()).forAgencySystem(agencyId));
    }

    String token() {
        return token;
    }

    Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of());
    }

    Response delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), Map.of());
    }

    String getText(String url) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(url)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response post(String url, Object body) {
        return post(url, body, Map.of());
    }

    Response post(String url, Object body, Map<String, String> headers) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                headers);
    }

    private Response send(HttpRequest.Builder builder, Map<String, String> headers) {
        headers.forEach(builder::header);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response =
                    CLIENT.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body() == null || response.body().isBlank()
                    ? JSON.nullNode()
                    : JSON.readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
