package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;
import static taskforce.console.ConsoleIntegrationTest.csrf;
import static taskforce.console.ConsoleIntegrationTest.freePort;
import static taskforce.console.ConsoleIntegrationTest.get;
import static taskforce.console.ConsoleIntegrationTest.post;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import taskforce.identity.IdentityApplication;
import taskforce.infra.SharedTestInfrastructure;

/**
 * Two console instances on one store, as behind a load balancer without sticky sessions: a person signed in
 * through one is signed in on the other, and a form's CSRF token from one is good on the other.
 */
class ConsoleSessionsTest {

    static ConfigurableApplicationContext identity;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static ServiceDouble services;
    static String identityUrl;
    static String firstUrl;
    static String secondUrl;

    @BeforeAll
    static void startTheProviderTheServicesAndTwoConsoles() throws Exception {
        int identityPort = freePort();
        int firstPort = freePort();
        int secondPort = freePort();
        identityUrl = "http://localhost:" + identityPort;
        firstUrl = "http://localhost:" + firstPort;
        secondUrl = "http://localhost:" + secondPort;
        identity = IdentityApplication.builder()
                .run(
                        "--server.port=" + identityPort,
                        "--taskforce.identity.issuer=" + identityUrl,
                        // the provider sends people back to the first console; the second only ever sees the cookie
                        "--taskforce.identity.console-redirect-uri=" + firstUrl + "/login/oauth2/code/taskforce",
                        "--taskforce.identity.directory=file:../case-service/src/main/resources/demo-directory.json",
                        "--spring.main.banner-mode=off");
        services = new ServiceDouble();
        services.answer("GET /api/leads", 200, "{\"content\":[],\"page\":0,\"size\":20,\"totalElements\":0}");
        services.answer("GET /api/members/" + ConsoleIntegrationTest.OFFICER + "/notifications", 200, "[]");
        services.answer("GET /api/task-forces", 200, "[{\"id\":\"best-houston\",\"name\":\"BEST Houston\"}]");
        services.answer("POST /api/leads", 400, """
                {"title":"Invalid request","status":400,"detail":"summary: must not be blank","field":"summary",
                 "errors":[{"field":"summary","message":"must not be blank"}]}
                """);
        String store = SharedTestInfrastructure.mongo().uri("console-sessions-test");
        first = console(firstPort, store);
        second = console(secondPort, store);
    }

    private static ConfigurableApplicationContext console(int port, String store) {
        return ConsoleApplication.builder()
                .run(
                        "--server.port=" + port,
                        "--taskforce.console.issuer=" + identityUrl,
                        "--taskforce.console.intake-url=" + services.url(),
                        "--taskforce.console.cases-url=" + services.url(),
                        "--taskforce.console.notifications-url=" + services.url(),
                        "--spring.mongodb.uri=" + store,
                        "--spring.main.banner-mode=off");
    }

    @AfterAll
    static void stopEverything() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second, identity}) {
            if (context != null) {
                context.close();
            }
        }
        if (services != null) {
            services.close();
        }
    }

    /** Signs in through the first console, as a browser does; the cookie jar is the browser's. */
    private static HttpClient signedInThroughTheFirst() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> loginForm = get(browser, firstUrl + "/");
        assertThat(loginForm.uri().toString()).startsWith(identityUrl + "/login");
        HttpResponse<String> landed = post(
                browser,
                identityUrl + "/login",
                Map.of(
                        "username",
                        ConsoleIntegrationTest.OFFICER,
                        "password",
                        "demo",
                        "_csrf",
                        csrf(loginForm.body())));
        assertThat(landed.uri().toString()).startsWith(firstUrl);
        return browser;
    }

    @Nested
    class BehindALoadBalancerWithoutStickySessions {

        @Test
        void aPersonSignedInThroughOneInstanceIsSignedInOnTheOther() throws Exception {
            HttpClient browser = signedInThroughTheFirst();

            HttpResponse<String> onTheSecond = get(browser, secondUrl + "/leads");

            assertThat(onTheSecond.uri().toString())
                    .as("not sent to the provider to sign in again")
                    .isEqualTo(secondUrl + "/leads");
            assertThat(onTheSecond.statusCode()).isEqualTo(200);
            assertThat(onTheSecond.body()).contains("Your agency's leads");
            assertThat(services.callsTo("GET /api/leads"))
                    .as("the second instance calls the services with the person's token from the shared session")
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.authorization()).startsWith("Bearer eyJ"));
        }

        @Test
        void aFormsCsrfTokenFromOneInstanceIsAcceptedByTheOther() throws Exception {
            HttpClient browser = signedInThroughTheFirst();
            String form = get(browser, firstUrl + "/leads/new").body();

            HttpResponse<String> submitted = post(
                    browser,
                    secondUrl + "/leads/new",
                    Map.of(
                            "_csrf", csrf(form),
                            "taskForceId", "best-houston",
                            "agencyReference", "R-1",
                            "priority", "URGENT",
                            "summary", "",
                            "occurredAt", "2026-11-01T10:00",
                            "action", "submit"));

            assertThat(submitted.statusCode()).as("not refused as forged (403)").isEqualTo(200);
            assertThat(submitted.body()).contains("must not be blank");
            HttpResponse<String> forged =
                    post(browser, secondUrl + "/leads/new", Map.of("summary", "x", "action", "submit"));
            assertThat(forged.statusCode())
                    .as("without the token it is refused")
                    .isEqualTo(403);
        }
    }
}
