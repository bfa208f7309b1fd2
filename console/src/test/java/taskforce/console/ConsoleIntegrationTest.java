package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import taskforce.identity.IdentityApplication;
import taskforce.infra.SharedTestInfrastructure;

/**
 * The console between a real identity provider (started in-process) and a real HTTP server in the services'
 * place, used over HTTP as a browser would: redirects, cookies, forms with their CSRF token.
 */
class ConsoleIntegrationTest {

    static final String OFFICER = "hpd-officer-garza";
    static final String COORDINATOR = "best-coordinator-ramirez";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    /** The console's now: what is due or overdue, and every time in words, is counted from it. */
    static final Instant NOW = Instant.parse("2026-12-07T13:45:00Z");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static ConfigurableApplicationContext identity;
    static ConfigurableApplicationContext console;
    static ServiceDouble services;
    static String consoleUrl;
    static String identityUrl;

    @BeforeAll
    static void startTheProviderTheServicesAndTheConsole() throws IOException {
        int identityPort = freePort();
        int consolePort = freePort();
        identityUrl = "http://localhost:" + identityPort;
        consoleUrl = "http://localhost:" + consolePort;
        identity = IdentityApplication.builder()
                .run(
                        "--server.port=" + identityPort,
                        "--taskforce.identity.issuer=" + identityUrl,
                        "--taskforce.identity.console-redirect-uri=" + consoleUrl + "/login/oauth2/code/taskforce",
                        // the directory case-service seeds: its users are the provider's
                        "--taskforce.identity.directory=file:../case-service/src/main/resources/demo-directory.json",
                        "--spring.main.banner-mode=off");
        services = new ServiceDouble();
        services.answer("GET /api/leads", 200, """
                {"content":[{"leadId":"l-1","status":"LINKED","agencyReference":"R-1","summary":"Guns",
                  "priority":"URGENT","receivedAt":"2026-11-01T10:00:00Z","caseId":"c-1","caseNumber":"BEST-HOU-1"},
                 {"leadId":"l-2","status":"REJECTED","agencyReference":"R-2","summary":"Old","priority":"ROUTINE",
                  "receivedAt":"2026-11-01T09:00:00Z","reason":"no agreement in force"}],
                 "page":0,"size":20,"totalElements":2}
                """);
        services.answer("GET /api/members/" + OFFICER + "/notifications", 200, "[]");
        services.answer("GET /api/members/" + OFFICER + "/notifications/unread-count", 200, "{\"unread\":0}");
        services.answer("POST /api/leads", 400, """
                {"title":"Invalid request","status":400,"detail":"summary: must not be blank","field":"summary",
                 "errors":[{"field":"summary","message":"must not be blank"},
                           {"field":"subjects[0].name","message":"must not be blank"}]}
                """);
        // a second task force, for a case to be transferred to
        services.answer("GET /api/task-forces", 200, """
                [{"id":"best-houston","name":"BEST Houston"},{"id":"gang-los-angeles","name":"Gang Los Angeles"}]""");
        services.answer("GET /api/programs", 200, "[{\"code\":\"BEST\",\"name\":\"BEST\"}]");
        services.answer("GET /api/reports/results", 200, ResultsReportTest.SAMPLE);
        ApplicationContextInitializer<ConfigurableApplicationContext> heldClock =
                context -> context.getBeanFactory().registerSingleton("heldClock", CLOCK);
        console = ConsoleApplication.builder()
                .initializers(heldClock)
                .run(
                        "--server.port=" + consolePort,
                        "--taskforce.console.issuer=" + identityUrl,
                        "--taskforce.console.intake-url=" + services.url(),
                        "--taskforce.console.cases-url=" + services.url(),
                        "--taskforce.console.notifications-url=" + services.url(),
                        // sessions live in the store
                        "--spring.mongodb.uri="
                                + SharedTestInfrastructure.mongo().uri("console-it"),
                        "--spring.main.banner-mode=off");
    }

    @AfterAll
    static void stopEverything() {
        if (console != null) {
            console.close();
        }
        if (services != null) {
            services.close();
        }
        if (identity != null) {
            identity.close();
        }
    }

    @Nested
    class SigningIn {

        @Test
        void sendsPeopleToTheProviderWithAProofKey() throws Exception {
            HttpClient browser = browser(HttpClient.Redirect.NEVER);
            HttpResponse<String> start = get(browser, consoleUrl + "/oauth2/authorization/taskforce");

            assertThat(start.statusCode()).isEqualTo(302);
            String location = start.headers().firstValue("Location").orElseThrow();
            assertThat(location)
                    .startsWith(identityUrl + "/oauth2/authorize")
                    .contains("client_id=taskforce-console")
                    .contains("code_challenge=")
                    .contains("code_challenge_method=S256");
        }

        @Test
        void keepsTheTokensOnTheServerAndSendsThemToTheServicesOnly() throws Exception {
            Person officer = signIn(OFFICER);

            assertThat(officer.page().body()).contains("Your agency's leads").doesNotContain("eyJ");
            assertThat(officer.cookies()).allMatch(name -> name.equals("CONSOLE_SESSION") || name.equals("JSESSIONID"));
            assertThat(services.callsTo("GET /api/leads"))
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.authorization()).startsWith("Bearer eyJ"));
        }

        @Test
        void tellsTheServicesThePersonsAddressWhateverTheBrowserClaims() throws Exception {
            Person officer = signIn(OFFICER);
            officer.browser()
                    .send(
                            HttpRequest.newBuilder(URI.create(consoleUrl + "/leads"))
                                    .header("Accept", "text/html")
                                    .header("X-Forwarded-For", "198.51.100.99")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            officer.browser()
                    .send(
                            HttpRequest.newBuilder(URI.create(consoleUrl + "/inbox/stream"))
                                    .header("Accept", "text/event-stream")
                                    .header("X-Forwarded-For", "198.51.100.99")
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(services.callsTo("GET /api/leads"))
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.forwardedFor()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1"));
            assertThat(services.callsTo("GET /api/members/" + OFFICER + "/notifications/stream"))
                    .as("the live stream is opened for the person too")
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.forwardedFor()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1"));
        }
    }

    @Nested
    class LiveCount {

        /**
         * The browser's EventSource reconnects with the id of the last count it got, which is the service's own
         * event id: the console passes it on, so the service sends what was missed; and since a replay repeats
         * entries the count read at opening already holds, each count is read again rather than added up.
         */
        @Test
        void passesTheBrowsersLastEventIdOnAndReadsTheCountAgainForEachEntry() throws Exception {
            Person officer = signIn(OFFICER);
            String stream = "GET /api/members/" + OFFICER + "/notifications/stream";
            String count = "GET /api/members/" + OFFICER + "/notifications/unread-count";
            services.answer(stream, "text/event-stream", "id:7\nevent:notification\ndata:{\"id\":\"n-7\"}\n\n");
            services.answer(count, 200, "{\"unread\":4}");
            try {
                HttpResponse<String> relayed = officer.browser()
                        .send(
                                HttpRequest.newBuilder(URI.create(consoleUrl + "/inbox/stream"))
                                        .header("Accept", "text/event-stream")
                                        .header("Last-Event-ID", "6")
                                        .timeout(Duration.ofSeconds(20))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

                assertThat(services.callsTo(stream))
                        .last()
                        .satisfies(call -> assertThat(call.lastEventId()).isEqualTo("6"));
                assertThat(relayed.body().replace("\r", ""))
                        .as("the count at opening, then the replayed entry's count under its id, not 4 + 1")
                        .contains("event:count\ndata:4\n\n")
                        .contains("event:count\ndata:4\nid:7\n\n")
                        .doesNotContain("data:5");
            } finally {
                services.forget(stream);
                services.answer(count, 200, "{\"unread\":0}");
            }
        }
    }

    @Nested
    class SigningOut {

        @Test
        void endsTheProvidersSessionSoTheNextPersonSignsInAsThemselves() throws Exception {
            Person officer = signIn(OFFICER);
            String page = get(officer.browser(), consoleUrl + "/leads").body();

            HttpResponse<String> leaving = post(officer.browser(), consoleUrl + "/logout", Map.of("_csrf", csrf(page)));
            HttpResponse<String> signedOut =
                    post(officer.browser(), formAction(leaving.body()), hiddenFields(leaving.body()));

            assertThat(signedOut.uri().toString()).isEqualTo(consoleUrl + "/signed-out");
            assertThat(signedOut.body()).contains("You are signed out");
            HttpResponse<String> again = get(officer.browser(), consoleUrl + "/");
            assertThat(again.uri().toString()).startsWith(identityUrl + "/login");
        }

        @Test
        void carriesTheIdTokenInAFormBodyAndPutsNoTokenIntoAnyUrl() throws Exception {
            Person officer = signIn(OFFICER);
            String page = get(officer.browser(), consoleUrl + "/leads").body();

            HttpResponse<String> leaving = post(officer.browser(), consoleUrl + "/logout", Map.of("_csrf", csrf(page)));
            Map<String, String> fields = hiddenFields(leaving.body());
            HttpResponse<String> signedOut = post(officer.browser(), formAction(leaving.body()), fields);

            assertThat(leaving.statusCode()).isEqualTo(200);
            assertThat(formAction(leaving.body())).isEqualTo(identityUrl + "/connect/logout");
            assertThat(fields.get("id_token_hint")).startsWith("eyJ");
            assertThat(fields)
                    .containsEntry("client_id", "taskforce-console")
                    .containsEntry("post_logout_redirect_uri", consoleUrl + "/signed-out");
            assertThat(urlsOnTheWay(leaving))
                    .isNotEmpty()
                    .noneMatch(url -> url.contains("eyJ") || url.contains("id_token_hint"));
            assertThat(urlsOnTheWay(signedOut))
                    .contains(consoleUrl + "/signed-out")
                    .noneMatch(url -> url.contains("eyJ") || url.contains("id_token_hint"));
        }
    }

    @Nested
    class Pages {

        @Test
        void showWhereEachLeadStands() throws Exception {
            Person officer = signIn(OFFICER);
            String leads = get(officer.browser(), consoleUrl + "/leads").body();

            assertThat(leads).contains("Linked to case").contains("BEST-HOU-1").contains("Rejected: ");
            assertThat(leads).contains("no agreement in force");
        }

        @Test
        void listTheCasesLeadsWithAgencyAndDateOpeningOnlyTheReadersOwnAgencys() throws Exception {
            services.answer("GET /api/cases/c-7", 200, """
                    {"caseId":"c-7","caseNumber":"BEST-HOU-7","taskForceId":"best-houston","title":"Seven",
                     "status":"OPEN","priority":"URGENT","leadIds":["l-7","l-8"],"subjects":[],"identifiers":[],
                     "assignments":[],"outcomes":[],"notes":[],"legalNext":["ASSIGNED","CLOSED"],
                     "openedAt":"2026-11-20T18:35:13Z","version":2}""");
            services.answer("GET /api/cases/c-7/timeline", 200, """
                    [{"type":"case.opened.v1","time":"2026-11-20T18:35:13Z","id":"e-1","data":{"caseId":"c-7",
                      "caseNumber":"BEST-HOU-7","taskForceId":"best-houston","title":"Seven","priority":"URGENT",
                      "leadId":"l-7","agencyId":"houston-pd","subjects":[],"identifiers":[],
                      "openedAt":"2026-11-20T18:35:13Z"}},
                     {"type":"case.lead-linked.v1","time":"2026-11-21T08:00:00Z","id":"e-2","data":{"caseId":"c-7",
                      "caseNumber":"BEST-HOU-7","taskForceId":"best-houston","leadId":"l-8","agencyId":"dallas-pd",
                      "matchedIdentifiers":[{"type":"PHONE","value":"713 555 0100"}],
                      "linkedAt":"2026-11-21T08:00:00Z"}}]""");
            services.answer("GET /api/leads/l-7", 200, """
                    {"leadId":"l-7","agencyId":"houston-pd","agencyReference":"HPD-7","summary":"Vans at night",
                     "narrative":"Vans arrive at night.","priority":"URGENT","occurredAt":"2026-11-19T22:00:00Z",
                     "receivedAt":"2026-11-20T18:35:00Z","status":"LINKED","caseId":"c-7",
                     "location":{"city":"Houston","state":"TX","latitude":29.70,"longitude":-95.55}}""");
            Person officer = signIn(OFFICER);

            String page = get(officer.browser(), consoleUrl + "/cases/c-7").body();
            assertThat(page).contains("id=\"linked-leads\"");

            String leads = page.substring(
                    page.indexOf("id=\"linked-leads\""), page.indexOf("</table>", page.indexOf("id=\"linked-leads\"")));
            assertThat(leads)
                    .contains("href=\"/leads/l-7\"")
                    .contains("HPD-7: Vans at night")
                    .contains("opened it")
                    .contains("dallas-pd")
                    .contains("joined it")
                    .contains("read by its own agency only")
                    .contains("datetime=\"2026-11-21T08:00:00Z\"")
                    .doesNotContain("/leads/l-8");
            assertThat(services.callsTo("GET /api/leads/l-8"))
                    .as("another agency's lead is not asked for")
                    .isEmpty();

            String lead = get(officer.browser(), consoleUrl + "/leads/l-7").body();
            assertThat(lead)
                    .contains("Vans at night")
                    .contains("Vans arrive at night.")
                    .contains("Houston, TX");
            HttpResponse<String> notOurs = get(officer.browser(), consoleUrl + "/leads/l-8");
            assertThat(notOurs.statusCode()).isEqualTo(404);
            assertThat(notOurs.body()).contains("Lead not found");
        }

        @Test
        void registerAnOperationTypedInTheReadersZoneAndMapItBesideTheFormsDraftCircle() throws Exception {
            services.answer("GET /api/cases/c-9", 200, """
                    {"caseId":"c-9","caseNumber":"BEST-HOU-9","taskForceId":"best-houston","title":"Nine",
                     "status":"OPEN","priority":"ROUTINE","leadIds":[],"subjects":[],"identifiers":[],
                     "assignments":[],"outcomes":[],"notes":[],"legalNext":["ASSIGNED","CLOSED"],
                     "openedAt":"2026-11-20T18:35:13Z","version":1}""");
            services.answer("GET /api/cases/c-9/timeline", 200, "[]");
            services.answer("POST /api/operations", 201, """
                    {"id":"op-1","caseId":"c-9","conflicts":[]}""");
            Person officer = signIn(OFFICER);
            String page = get(officer.browser(), consoleUrl + "/cases/c-9").body();
            assertThat(page)
                    .contains("id=\"case-map\"")
                    .contains("data-pixels-per-degree=")
                    .contains("id=\"draft-circle\"")
                    .contains("No operation planned yet.");
            services.answer("GET /api/operations", 200, """
                    [{"id":"op-1","caseId":"c-9","type":"SEARCH_WARRANT",
                      "location":{"latitude":29.71,"longitude":-95.54,"radiusMeters":800},
                      "startsAt":"2026-12-08T10:00:00Z","endsAt":"2026-12-08T13:00:00Z",
                      "contact":{"name":"Sgt. Garza","phone":"713-555-0101"},"cancelled":false,"conflicts":[]}]""");

            HttpResponse<String> registered = post(
                    officer.browser(),
                    consoleUrl + "/cases/c-9/operations",
                    Map.of(
                            "_csrf", csrf(page),
                            "type", "SEARCH_WARRANT",
                            "latitude", "29.7100",
                            "longitude", "-95.5400",
                            "radiusMeters", "800",
                            "startsAt", "2026-12-08T10:00",
                            "endsAt", "2026-12-08T13:00",
                            "contactName", "Sgt. Garza",
                            "contactPhone", "713-555-0101"));

            assertThat(registered.statusCode()).isEqualTo(200);
            assertThat(registered.body())
                    .contains("Operation registered; it overlaps no other operation.")
                    .contains("Search warrant, 800 m around 29.71, -95.54")
                    .contains("Sgt. Garza, 713-555-0101")
                    .contains("<g class=\"operation");
            // a browser that never named its zone types in UTC; the API takes instants
            ServiceDouble.Call sent = services.callsTo("POST /api/operations").get(0);
            assertThat(sent.body())
                    .contains("\"caseId\":\"c-9\"")
                    .contains("\"latitude\":29.71")
                    .contains("\"radiusMeters\":800")
                    .contains("\"startsAt\":\"2026-12-08T10:00:00Z\"")
                    .contains("\"endsAt\":\"2026-12-08T13:00:00Z\"");
            assertThat(services.callsTo("GET /api/operations?caseId=c-9")).isNotEmpty();
        }

        @Test
        void putAnOperationsUnreadableTimeAndNumbersAtTheirFieldsWithoutAskingCaseService() throws Exception {
            services.answer("GET /api/cases/c-10", 200, """
                    {"caseId":"c-10","caseNumber":"BEST-HOU-10","taskForceId":"best-houston","title":"Ten",
                     "status":"OPEN","priority":"ROUTINE","leadIds":[],"subjects":[],"identifiers":[],
                     "assignments":[],"outcomes":[],"notes":[],"legalNext":["ASSIGNED","CLOSED"],
                     "openedAt":"2026-11-20T18:35:13Z","version":1}""");
            services.answer("GET /api/cases/c-10/timeline", 200, "[]");
            Person officer = signIn(OFFICER);
            String page = get(officer.browser(), consoleUrl + "/cases/c-10").body();
            int before = services.callsTo("POST /api/operations").size();

            HttpResponse<String> refused = post(
                    officer.browser(),
                    consoleUrl + "/cases/c-10/operations",
                    Map.of(
                            "_csrf", csrf(page),
                            "type", "ARREST",
                            "latitude", "north of the bar",
                            "longitude", "-95.54",
                            "radiusMeters", "100.5",
                            "startsAt", "tomorrow morning",
                            "endsAt", "2026-12-08T13:00",
                            "contactName", "Sgt. Garza",
                            "contactPhone", "713-555-0101"));

            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body())
                    .contains("a date and time, as 2026-12-01T04:00")
                    .contains("a number of degrees, as 29.7604")
                    .contains("a whole number of metres")
                    .doesNotContain("a number of degrees, as -95.3698");
            assertThat(services.callsTo("POST /api/operations")).hasSize(before);
        }

        @Test
        void putTheServicesMessagesAtTheFieldsTheyName() throws Exception {
            Person officer = signIn(OFFICER);
            String form = get(officer.browser(), consoleUrl + "/leads/new").body();

            HttpResponse<String> refused = post(
                    officer.browser(),
                    consoleUrl + "/leads/new",
                    Map.of(
                            "_csrf", csrf(form),
                            "taskForceId", "best-houston",
                            "agencyReference", "R-9",
                            "priority", "URGENT",
                            "summary", "",
                            "occurredAt", "2026-11-01T10:00",
                            "subjects[0].name", "",
                            "subjects[0].dateOfBirth", "1990-01-01",
                            "subjects[0].role", "SUSPECT",
                            "action", "submit"));

            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body())
                    .containsPattern("id=\"summary-error\">must not be blank<")
                    .containsPattern("<p class=\"error\">must not be blank</p>");
            // the lead went to intake as the API takes it, with the user's token and an idempotency key
            ServiceDouble.Call sent = services.callsTo("POST /api/leads").get(0);
            assertThat(sent.body())
                    .contains("\"occurredAt\":\"2026-11-01T10:00:00Z\"")
                    .contains("\"dateOfBirth\":\"1990-01-01\"");
        }

        /** The refusal travels in the session, which lives in the store: it must come back, not end in a 500. */
        @Test
        void showASubscriptionsRefusalAtItsFieldAfterTheRedirect() throws Exception {
            services.answer("GET /api/subscriptions", 200, "[]");
            services.answer("POST /api/subscriptions", 400, """
                    {"title":"Invalid request","status":400,"detail":"channel.url: must be an https URL",
                     "errors":[{"field":"channel.url","message":"must be an https URL"}]}""");
            Person officer = signIn(OFFICER);
            String page = get(officer.browser(), consoleUrl + "/subscriptions").body();

            HttpResponse<String> refused = post(
                    officer.browser(),
                    consoleUrl + "/subscriptions",
                    Map.of(
                            "_csrf", csrf(page),
                            "taskForceId", "best-houston",
                            "channelType", "WEBHOOK",
                            "url", "http://example.org/hook"));

            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body())
                    .contains("<p class=\"error\">must be an https URL</p>")
                    .contains("Invalid request");
        }

        @Test
        void refuseAFormWithoutItsCsrfToken() throws Exception {
            Person officer = signIn(OFFICER);

            HttpResponse<String> forged =
                    post(officer.browser(), consoleUrl + "/leads/new", Map.of("summary", "x", "action", "submit"));

            assertThat(forged.statusCode()).isEqualTo(403);
        }

        @Test
        void carrySecurityHeaders() throws Exception {
            Person officer = signIn(OFFICER);
            HttpResponse<String> page = get(officer.browser(), consoleUrl + "/leads");

            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(policy ->
                            assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }

        @Test
        void leaveFilteringOrderingAndPagingOfTheCaseBoardToCaseService() throws Exception {
            services.answer("GET /api/cases", 200, """
                    {"content":[{"caseId":"c-41","caseNumber":"BEST-HOU-41","title":"Forty-first","status":"OPEN",
                      "priority":"URGENT","assignments":[],"openedAt":"2026-11-01T10:00:00Z"}],
                     "page":2,"size":20,"totalElements":45}""");
            Person coordinator = signIn(OFFICER);

            String board = get(
                            coordinator.browser(),
                            consoleUrl + "/cases?taskForceId=best-houston&priority=URGENT&sort=priority&page=2")
                    .body();

            assertThat(board).contains("BEST-HOU-41").contains("45 cases; page 3 of 3");
            assertThat(services.callsTo("GET /api/cases?"))
                    .last()
                    .satisfies(call -> assertThat(call.pathAndQuery())
                            .contains(
                                    "size=20",
                                    "page=2",
                                    "sort=priority",
                                    "taskForceId=best-houston",
                                    "priority=URGENT"));
        }

        @Test
        void passQueryValuesOnEncodedNeverAsTemplatesOrExtraParameters() throws Exception {
            services.answer("GET /api/cases", 200, """
                    {"content":[],"page":0,"size":20,"totalElements":0}""");
            Person officer = signIn(OFFICER);
            String braces = URLEncoder.encode("{x}", StandardCharsets.UTF_8);
            String smuggled = URLEncoder.encode("a&taskForceId=cetf-seattle", StandardCharsets.UTF_8);

            HttpResponse<String> board = get(
                    officer.browser(),
                    consoleUrl + "/cases?taskForceId=best-houston&assigneeId=" + braces + "&status=" + smuggled);
            HttpResponse<String> results =
                    get(officer.browser(), consoleUrl + "/results?fiscalYear=2026&taskForceId=" + braces);

            assertThat(board.statusCode()).isEqualTo(200);
            assertThat(results.statusCode()).isEqualTo(200);
            assertThat(services.callsTo("GET /api/cases?"))
                    .last()
                    .satisfies(call -> assertThat(call.pathAndQuery())
                            .contains("assigneeId=%7Bx%7D", "status=a%26taskForceId%3Dcetf-seattle")
                            .doesNotContain("taskForceId=cetf-seattle"));
            assertThat(services.callsTo("GET /api/reports/results?"))
                    .last()
                    .satisfies(call -> assertThat(call.pathAndQuery()).contains("taskForceId=%7Bx%7D"));
        }

        @Test
        void offerTheResultsAsCsv() throws Exception {
            Person officer = signIn(OFFICER);
            HttpResponse<String> csv = get(officer.browser(), consoleUrl + "/results.csv?fiscalYear=2026");

            assertThat(csv.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
            String[] lines = csv.body().split("\r\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("taskForceId,taskForceName,program,arrests,");
            assertThat(lines[2]).startsWith("TOTAL,,,3,");
            assertThat(services.callsTo("GET /api/reports/results?fiscalYear=2026"))
                    .isNotEmpty();
        }
    }

    /**
     * Transfers and merges as the coordinator of BEST Houston does them, and what the others of the task force do
     * not see. The double answers as case-service would after the action, since a form's redirect reads again.
     */
    @Nested
    class TransfersAndMerges {

        /** A case of BEST Houston, as case-service's view answers it. */
        static String caseOf(String id, String number, String status, String mergedInto) {
            return """
                    {"caseId":"%s","caseNumber":"%s","taskForceId":"best-houston","title":"Case %s",
                     "status":"%s","priority":"URGENT","leadIds":[],"subjects":[],"identifiers":[],
                     "assignments":[],"outcomes":[],"notes":[],"legalNext":%s,
                     "openedAt":"2026-11-20T18:35:13Z","version":3%s}""".formatted(
                            id,
                            number,
                            number,
                            status,
                            "MERGED".equals(status) ? "[]" : "[\"ASSIGNED\",\"CLOSED\"]",
                            mergedInto == null ? "" : ",\"mergedInto\":\"" + mergedInto + "\"");
        }

        static void aCaseWithSiblings(String id, String number) {
            services.answer("GET /api/cases/" + id, 200, caseOf(id, number, "OPEN", null));
            services.answer("GET /api/cases/" + id + "/timeline", 200, "[]");
            services.answer("GET /api/cases", 200, """
                    {"content":[
                      {"caseId":"%s","caseNumber":"%s","title":"This one","status":"OPEN","priority":"URGENT"},
                      {"caseId":"c-21","caseNumber":"BEST-HOU-21","title":"Same crew","status":"ACTIVE","priority":"URGENT"},
                      {"caseId":"c-22","caseNumber":"BEST-HOU-22","title":"Done with","status":"CLOSED","priority":"ROUTINE"},
                      {"caseId":"c-23","caseNumber":"BEST-HOU-23","title":"Gone","status":"MERGED","priority":"ROUTINE"}],
                     "page":0,"size":200,"totalElements":4}""".formatted(id, number));
        }

        @Test
        void offerTheCasesCoordinatorTheOtherTaskForcesAndTheTaskForcesOtherOpenCasesOnly() throws Exception {
            aCaseWithSiblings("c-20", "BEST-HOU-20");
            Person coordinator = signIn(COORDINATOR);

            String page = get(coordinator.browser(), consoleUrl + "/cases/c-20").body();

            assertThat(page).contains("Transfer to another task force").contains("Merge into another case");
            String transferTo = page.substring(
                    page.indexOf("id=\"transfer-to\""), page.indexOf("</select>", page.indexOf("id=\"transfer-to\"")));
            assertThat(transferTo)
                    .contains("value=\"gang-los-angeles\">Gang Los Angeles<")
                    .as("a case is not transferred to the task force it is in")
                    .doesNotContain("value=\"best-houston\"");
            String mergeInto = page.substring(
                    page.indexOf("id=\"merge-into\""), page.indexOf("</select>", page.indexOf("id=\"merge-into\"")));
            assertThat(mergeInto)
                    .contains("value=\"c-21\">BEST-HOU-21: Same crew<")
                    .as("not itself, nor a closed or merged case")
                    .doesNotContain("c-20", "c-22", "c-23");
            assertThat(services.callsTo("GET /api/cases?"))
                    .last()
                    .satisfies(
                            call -> assertThat(call.pathAndQuery()).contains("taskForceId=best-houston", "size=200"));
            assertThat(page).contains("href=\"/transfers\"");
        }

        @Test
        void offerAMemberWhoIsNoCoordinatorNeitherFormNorTheTransfersPage() throws Exception {
            aCaseWithSiblings("c-24", "BEST-HOU-24");
            Person officer = signIn(OFFICER);

            String page = get(officer.browser(), consoleUrl + "/cases/c-24").body();

            assertThat(page)
                    .contains("BEST-HOU-24")
                    .doesNotContain("Transfer to another task force", "Merge into another case", "href=\"/transfers\"");
        }

        @Test
        void proposeATransferWithThePersonsTokenAndShowItsRefusalAtTheTransferFormsOwnField() throws Exception {
            aCaseWithSiblings("c-25", "BEST-HOU-25");
            services.answer("POST /api/cases/c-25/transfers", 201, """
                    {"id":"t-9","caseId":"c-25","fromTaskForceId":"best-houston","toTaskForceId":"gang-los-angeles",
                     "status":"PROPOSED","reason":"Their gang","proposedBy":"best-coordinator-ramirez",
                     "proposedAt":"2026-12-07T14:00:00Z"}""");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/cases/c-25").body();

            HttpResponse<String> proposed = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-25/transfer",
                    Map.of("_csrf", csrf(page), "toTaskForceId", "gang-los-angeles", "reason", "Their gang"));

            assertThat(proposed.statusCode()).isEqualTo(200);
            assertThat(proposed.body()).contains("Transfer proposed; the case stays with this task force");
            assertThat(services.callsTo("POST /api/cases/c-25/transfers"))
                    .singleElement()
                    .satisfies(call -> {
                        assertThat(call.authorization()).startsWith("Bearer eyJ");
                        assertThat(call.body())
                                .contains("\"toTaskForceId\":\"gang-los-angeles\"")
                                .contains("\"reason\":\"Their gang\"");
                    });

            services.answer("POST /api/cases/c-25/transfers", 422, """
                    {"title":"Unknown task force","status":422,"detail":"no task force with id nowhere",
                     "field":"toTaskForceId"}""");
            HttpResponse<String> refused = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-25/transfer",
                    Map.of("_csrf", csrf(page), "toTaskForceId", "nowhere", "reason", "Their gang"));

            assertThat(refused.body())
                    .contains("id=\"transfer-to-error\">no task force with id nowhere<")
                    .contains("aria-describedby=\"transfer-to-error\"");
            HttpResponse<String> forged = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-25/transfer",
                    Map.of("toTaskForceId", "gang-los-angeles", "reason", "Their gang"));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(services.callsTo("POST /api/cases/c-25/transfers")).hasSize(2);
        }

        @Test
        void putAMergesRefusedReasonAtTheMergeFormNotAtTheTransferFormsReason() throws Exception {
            aCaseWithSiblings("c-26", "BEST-HOU-26");
            services.answer("POST /api/cases/c-26/merge", 400, """
                    {"title":"Invalid request","status":400,"detail":"reason: must not be blank",
                     "errors":[{"field":"reason","message":"must not be blank"}]}""");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/cases/c-26").body();

            HttpResponse<String> refused = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-26/merge",
                    Map.of("_csrf", csrf(page), "intoCaseId", "c-21", "reason", ""));

            assertThat(refused.body())
                    .contains("id=\"merge-reason-error\">must not be blank<")
                    .doesNotContain("transfer-reason-error");
            assertThat(services.callsTo("POST /api/cases/c-26/merge"))
                    .singleElement()
                    .satisfies(call -> assertThat(call.body()).contains("\"intoCaseId\":\"c-21\""));
        }

        @Test
        void showAMergedCaseAsPointingToTheCaseThatCarriesOnAndOfferNothingOnIt() throws Exception {
            aCaseWithSiblings("c-27", "BEST-HOU-27");
            services.answer("POST /api/cases/c-27/merge", 200, """
                    {"caseId":"c-27","caseNumber":"BEST-HOU-27","status":"MERGED","mergedInto":"c-21",
                     "mergedIntoCaseNumber":"BEST-HOU-21","version":4}""");
            services.answer("GET /api/cases/c-21", 200, caseOf("c-21", "BEST-HOU-21", "ACTIVE", null));
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/cases/c-27").body();
            // what case-service answers once the merge is done, which the form's redirect reads
            services.answer("GET /api/cases/c-27", 200, caseOf("c-27", "BEST-HOU-27", "MERGED", "c-21"));

            HttpResponse<String> merged = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-27/merge",
                    Map.of("_csrf", csrf(page), "intoCaseId", "c-21", "reason", "One crew"));

            assertThat(merged.body())
                    .contains("Merged into case BEST-HOU-21.")
                    .containsPattern("merged into case\\s+<a href=\"/cases/c-21\">BEST-HOU-21</a>")
                    .doesNotContain(
                            "Mark ASSIGNED",
                            "Transfer to another task force",
                            "Merge into another case",
                            "Add the note",
                            "Record the outcome",
                            "Register the operation");
            assertThat(services.callsTo("POST /api/cases/c-27/merge"))
                    .singleElement()
                    .satisfies(call -> assertThat(call.authorization()).startsWith("Bearer eyJ"));
        }
    }

    /** The Transfers page of a coordinator: both sides' transfers and the buttons each side may press. */
    @Nested
    class TransfersPage {

        static final String TRANSFERS = """
                {"content":[
                  {"id":"t-1","caseId":"c-la-5","caseNumber":"GANG-LA-5","title":"Eastside crew","priority":"URGENT",
                   "fromTaskForceId":"gang-los-angeles","toTaskForceId":"best-houston","status":"PROPOSED",
                   "reason":"They moved to Houston","proposedBy":"gang-coordinator-okafor",
                   "proposedAt":"2026-12-07T13:00:00Z"},
                  {"id":"t-2","caseId":"c-30","caseNumber":"BEST-HOU-30","title":"Port thefts","priority":"ROUTINE",
                   "fromTaskForceId":"best-houston","toTaskForceId":"gang-los-angeles","status":"PROPOSED",
                   "reason":"Their gang","proposedBy":"best-coordinator-ramirez","proposedAt":"2026-12-07T12:00:00Z"},
                  {"id":"t-3","caseId":"c-31","caseNumber":"BEST-HOU-31","title":"Old one","priority":"ROUTINE",
                   "fromTaskForceId":"best-houston","toTaskForceId":"gang-los-angeles","status":"DECLINED",
                   "reason":"Maybe theirs","proposedBy":"best-coordinator-ramirez","proposedAt":"2026-12-01T12:00:00Z",
                   "decidedBy":"gang-coordinator-okafor","decidedAt":"2026-12-02T09:00:00Z",
                   "decisionReason":"Not our crew"},
                  {"id":"t-4","caseId":"c-la-2","caseNumber":"GANG-LA-2","title":"Taken over","priority":"ROUTINE",
                   "fromTaskForceId":"gang-los-angeles","toTaskForceId":"best-houston","status":"ACCEPTED",
                   "reason":"Yours now","proposedBy":"gang-coordinator-okafor","proposedAt":"2026-11-30T12:00:00Z",
                   "decidedBy":"best-coordinator-ramirez","decidedAt":"2026-12-01T09:00:00Z"}],
                 "page":0,"size":50,"totalElements":4}""";

        @Test
        void listBothSidesWithTheirStatusAndOfferEachSideItsOwnButtons() throws Exception {
            services.answer("GET /api/transfers", 200, TRANSFERS);
            services.answer("GET /api/task-forces/best-houston/members", 200, """
                    [{"id":"best-coordinator-ramirez","name":"Elena Ramirez","agencyId":"hsi"}]""");
            Person coordinator = signIn(COORDINATOR);

            String page = get(coordinator.browser(), consoleUrl + "/transfers").body();

            assertThat(services.callsTo("GET /api/transfers?")).last().satisfies(call -> {
                assertThat(call.pathAndQuery()).contains("taskForceId=best-houston");
                assertThat(call.authorization()).startsWith("Bearer eyJ");
            });
            String incoming = section(page, "incoming-transfers");
            assertThat(incoming)
                    .contains("GANG-LA-5", "Eastside crew", "URGENT", "They moved to Houston", "Gang Los Angeles")
                    .as("proposed at 13:00, by the console's clock held at 13:45")
                    .contains(">45 minutes ago</time>")
                    .contains("action=\"/transfers/t-1/accept\"", "formaction=\"/transfers/t-1/decline\"")
                    .as("the receiving side cannot open the case before it accepts")
                    .doesNotContain("href=\"/cases/c-la-5\"", "/withdraw", "/transfers/t-4/")
                    .as("once accepted the case is theirs, and opens")
                    .contains("href=\"/cases/c-la-2\"");
            String outgoing = section(page, "outgoing-transfers");
            assertThat(outgoing)
                    .contains("href=\"/cases/c-30\"", "action=\"/transfers/t-2/withdraw\"")
                    .contains("Declined", "Not our crew", "datetime=\"2026-12-02T09:00:00Z\"")
                    .as("their own people by name, the other side's by id")
                    .contains(", by Elena Ramirez", " by gang-coordinator-okafor")
                    .doesNotContain("/transfers/t-3/", "/accept");
        }

        @Test
        void declineWithTheReasonTypedAndShowARefusalAtThatTransfersReason() throws Exception {
            services.answer("GET /api/transfers", 200, TRANSFERS);
            services.answer("POST /api/transfers/t-1/decline", 422, """
                    {"title":"Reason required","status":422,"detail":"a reason is required to decline",
                     "field":"reason"}""");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/transfers").body();

            HttpResponse<String> refused =
                    post(coordinator.browser(), consoleUrl + "/transfers/t-1/decline", Map.of("_csrf", csrf(page)));

            assertThat(refused.body())
                    .contains("id=\"reason-t-1-error\">a reason is required to decline<")
                    .contains("aria-describedby=\"reason-t-1-error\"");

            services.answer("POST /api/transfers/t-1/decline", 200, "{\"id\":\"t-1\",\"status\":\"DECLINED\"}");
            HttpResponse<String> declined = post(
                    coordinator.browser(),
                    consoleUrl + "/transfers/t-1/decline",
                    Map.of("_csrf", csrf(page), "reason", "Not ours either"));

            assertThat(declined.body()).contains("Transfer declined; the case stays where it was.");
            assertThat(services.callsTo("POST /api/transfers/t-1/decline"))
                    .last()
                    .satisfies(call -> {
                        assertThat(call.body()).contains("\"reason\":\"Not ours either\"");
                        assertThat(call.authorization()).startsWith("Bearer eyJ");
                    });
        }

        @Test
        void acceptAndWithdrawAtTheServiceAndSayWhatHappened() throws Exception {
            services.answer("GET /api/transfers", 200, TRANSFERS);
            services.answer("POST /api/transfers/t-1/accept", 200, "{\"id\":\"t-1\",\"status\":\"ACCEPTED\"}");
            services.answer("POST /api/transfers/t-2/withdraw", 200, "{\"id\":\"t-2\",\"status\":\"WITHDRAWN\"}");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/transfers").body();

            HttpResponse<String> accepted =
                    post(coordinator.browser(), consoleUrl + "/transfers/t-1/accept", Map.of("_csrf", csrf(page)));
            HttpResponse<String> withdrawn =
                    post(coordinator.browser(), consoleUrl + "/transfers/t-2/withdraw", Map.of("_csrf", csrf(page)));
            HttpResponse<String> forged = post(coordinator.browser(), consoleUrl + "/transfers/t-2/withdraw", Map.of());

            assertThat(accepted.body()).contains("Transfer accepted; the case is now your task force");
            assertThat(withdrawn.body()).contains("Transfer withdrawn.");
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(services.callsTo("POST /api/transfers/t-1/accept")).hasSize(1);
            assertThat(services.callsTo("POST /api/transfers/t-2/withdraw")).hasSize(1);
        }

        private static String section(String page, String tableId) {
            int start = page.indexOf("id=\"" + tableId + "\"");
            assertThat(start).as("table " + tableId).isNotNegative();
            return page.substring(start, page.indexOf("</table>", start));
        }
    }

    /**
     * The review queue and the review of a case, as the coordinator of BEST Houston does them, with the console's
     * clock held at {@link #NOW}; and what the others do not see.
     */
    @Nested
    class Reviews {

        static final String DUE = """
                {"content":[
                  {"caseId":"c-50","caseNumber":"BEST-HOU-50","title":"Old smuggling ring","priority":"URGENT",
                   "status":"ACTIVE","taskForceId":"best-houston","openedAt":"2021-11-30T10:00:00Z",
                   "reviewDueAt":"2026-11-30T10:00:00Z","lastReviewedAt":null},
                  {"caseId":"c-51","caseNumber":"BEST-HOU-51","title":"Port thefts","priority":"ROUTINE",
                   "status":"OPEN","taskForceId":"best-houston","openedAt":"2016-12-20T10:00:00Z",
                   "reviewDueAt":"2026-12-20T10:00:00Z","lastReviewedAt":"2021-12-20T10:00:00Z"}],
                 "page":1,"size":20,"totalElements":45}""";

        /** A case of BEST Houston whose review falls due when given. */
        static void aCaseDue(String id, String number, String reviewDueAt) {
            services.answer("GET /api/cases/" + id, 200, """
                    {"caseId":"%s","caseNumber":"%s","taskForceId":"best-houston","title":"Case %s",
                     "status":"ACTIVE","priority":"ROUTINE","leadIds":[],"subjects":[],"identifiers":[],
                     "assignments":[],"outcomes":[],"notes":[],"legalNext":["SUSPENDED","CLOSED"],
                     "openedAt":"2021-11-30T10:00:00Z","reviewDueAt":"%s","version":7}""".formatted(id, number, number, reviewDueAt));
            services.answer("GET /api/cases/" + id + "/timeline", 200, "[]");
        }

        @Test
        void listTheCasesDueWithinThirtyDaysSoonestFirstOverdueOnesMarkedAPageAtATime() throws Exception {
            services.answer("GET /api/reviews/due", 200, DUE);
            Person coordinator = signIn(COORDINATOR);

            HttpResponse<String> page =
                    get(coordinator.browser(), consoleUrl + "/reviews?taskForceId=best-houston&page=1");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(services.callsTo("GET /api/reviews/due?")).last().satisfies(call -> {
                assertThat(call.pathAndQuery())
                        .contains("taskForceId=best-houston", "page=1", "size=20")
                        .as("thirty days from the console's clock")
                        .contains("before=2027-01-06T13:45:00Z");
                assertThat(call.authorization()).startsWith("Bearer eyJ");
            });
            String queue = table(page.body(), "reviews-best-houston");
            assertThat(queue)
                    .contains("45 cases due for review within the next 30 days, soonest first; page 2 of 3")
                    .contains("href=\"/cases/c-50\">BEST-HOU-50</a>", "href=\"/cases/c-51\">BEST-HOU-51</a>")
                    .contains("Old smuggling ring", "URGENT", "ACTIVE", "never")
                    .contains("datetime=\"2021-12-20T10:00:00Z\"")
                    .as("due in words, the exact instant in its title")
                    .contains("datetime=\"2026-12-20T10:00:00Z\" title=\"Sunday 20 December 2026, 10:00:00 UTC")
                    .contains(">Sun 20 Dec, 10:00 UTC<");
            assertThat(row(queue, "c-50")).contains("class=\"overdue\"").contains("Overdue: ");
            assertThat(row(queue, "c-51")).doesNotContain("overdue", "Overdue");
            assertThat(page.body())
                    .contains("<h2 id=\"queue-best-houston-heading\">BEST Houston</h2>")
                    .contains("href=\"/reviews?within=30d&amp;taskForceId=best-houston&amp;page=0\">Previous page")
                    .contains("href=\"/reviews?within=30d&amp;taskForceId=best-houston&amp;page=2\">Next page")
                    .contains("href=\"/reviews\">Reviews</a>");
        }

        @Test
        void lookAsFarAheadAsAskedAndNoFurtherThanTheFilterOffers() throws Exception {
            services.answer("GET /api/reviews/due", 200, """
                    {"content":[],"page":0,"size":20,"totalElements":0}""");
            Person coordinator = signIn(COORDINATOR);

            String year = get(coordinator.browser(), consoleUrl + "/reviews?within=1y")
                    .body();
            assertThat(services.callsTo("GET /api/reviews/due?"))
                    .last()
                    .satisfies(
                            call -> assertThat(call.pathAndQuery()).contains("before=2027-12-07T13:45:00Z", "page=0"));
            assertThat(year)
                    .contains("<option value=\"1y\" selected=\"selected\">the next year</option>")
                    .contains("No case is due for review within the next year.");

            get(coordinator.browser(), consoleUrl + "/reviews?within=90d");
            assertThat(services.callsTo("GET /api/reviews/due?"))
                    .last()
                    .satisfies(call -> assertThat(call.pathAndQuery()).contains("before=2027-03-07T13:45:00Z"));

            get(coordinator.browser(), consoleUrl + "/reviews?within=forever");
            assertThat(services.callsTo("GET /api/reviews/due?"))
                    .last()
                    .satisfies(call -> assertThat(call.pathAndQuery()).contains("before=2027-01-06T13:45:00Z"));
        }

        @Test
        void sayWhenCaseServiceRefusesTheQueueInsteadOfFailingThePage() throws Exception {
            services.answer("GET /api/reviews/due", 403, """
                    {"title":"Forbidden","status":403,"detail":"only the task force's coordinators review its cases"}""");
            Person coordinator = signIn(COORDINATOR);

            HttpResponse<String> page = get(coordinator.browser(), consoleUrl + "/reviews");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains(
                            "The review queue could not be read: only the task force&#39;s coordinators review its cases");
        }

        @Test
        void showEveryReaderWhenTheReviewIsDueAndTheCoordinatorTheReviewForm() throws Exception {
            aCaseDue("c-52", "BEST-HOU-52", "2026-11-30T10:00:00Z");
            Person coordinator = signIn(COORDINATOR);

            String page = get(coordinator.browser(), consoleUrl + "/cases/c-52").body();

            assertThat(page)
                    .containsPattern(
                            "<p id=\"review-due\" class=\"overdue\">Review due\\s+<time datetime=\"2026-11-30T10:00:00Z\"")
                    .contains(">Mon 30 Nov, 10:00 UTC</time><strong>, overdue</strong>.")
                    .contains("<h2 id=\"review-heading\">Review</h2>")
                    .contains("action=\"/cases/c-52/review\"")
                    .contains("value=\"VALIDATED\"", "value=\"PURGE\"")
                    .contains(
                            "<label for=\"review-confirm\">To purge, type the case number, <span>BEST-HOU-52</span></label>")
                    .contains("aria-describedby=\"review-confirm-help\"");
        }

        @Test
        void offerAMemberWhoIsNoCoordinatorTheDueDateButNeitherFormNorQueue() throws Exception {
            aCaseDue("c-53", "BEST-HOU-53", "2031-06-01T10:00:00Z");
            Person officer = signIn(OFFICER);
            int asked = services.callsTo("GET /api/reviews/due").size();

            String page = get(officer.browser(), consoleUrl + "/cases/c-53").body();
            HttpResponse<String> queue = get(officer.browser(), consoleUrl + "/reviews");

            assertThat(page)
                    .containsPattern("<p id=\"review-due\">Review due\\s+<time datetime=\"2031-06-01T10:00:00Z\"")
                    .doesNotContain("review-heading", "/cases/c-53/review", "href=\"/reviews\"", ", overdue");
            assertThat(queue.statusCode()).isEqualTo(403);
            assertThat(queue.body()).contains("A task force's coordinator reviews its cases");
            assertThat(services.callsTo("GET /api/reviews/due")).hasSize(asked);
        }

        @Test
        void validateACaseAndSayWhenItsNextReviewIsDue() throws Exception {
            aCaseDue("c-54", "BEST-HOU-54", "2026-12-20T10:00:00Z");
            services.answer("POST /api/cases/c-54/reviews", 200, """
                    {"caseId":"c-54","caseNumber":"BEST-HOU-54","status":"ACTIVE",
                     "reviewDueAt":"2031-12-07T16:00:00Z","version":8}""");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/cases/c-54").body();
            // what case-service answers once the review is recorded, which the form's redirect reads
            aCaseDue("c-54", "BEST-HOU-54", "2031-12-07T16:00:00Z");

            HttpResponse<String> validated = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-54/review",
                    Map.of(
                            "_csrf",
                            csrf(page),
                            "decision",
                            "VALIDATED",
                            "reason",
                            "Trial pending",
                            "confirmCaseNumber",
                            ""));

            assertThat(validated.uri().toString()).isEqualTo(consoleUrl + "/cases/c-54");
            assertThat(validated.body())
                    .contains("Review recorded: the case is validated and kept; its next review is due Sun 7 Dec 2031,"
                            + " 16:00 UTC.")
                    .containsPattern("Review due\\s+<time datetime=\"2031-12-07T16:00:00Z\"");
            assertThat(services.callsTo("POST /api/cases/c-54/reviews"))
                    .singleElement()
                    .satisfies(call -> {
                        assertThat(call.authorization()).startsWith("Bearer eyJ");
                        assertThat(call.body()).isEqualTo("{\"decision\":\"VALIDATED\",\"reason\":\"Trial pending\"}");
                    });
        }

        @Test
        void sendNoPurgeUntilTheCaseNumberIsTypedAndKeepTheReasonTyped() throws Exception {
            aCaseDue("c-55", "BEST-HOU-55", "2026-11-30T10:00:00Z");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/cases/c-55").body();

            HttpResponse<String> unconfirmed = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-55/review",
                    Map.of("_csrf", csrf(page), "decision", "PURGE", "reason", "No longer relevant"));
            HttpResponse<String> mistyped = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-55/review",
                    Map.of(
                            "_csrf",
                            csrf(page),
                            "decision",
                            "PURGE",
                            "reason",
                            "No longer relevant",
                            "confirmCaseNumber",
                            "BEST-HOU-56"));

            assertThat(List.of(unconfirmed, mistyped)).allSatisfy(answer -> {
                assertThat(answer.uri().toString()).isEqualTo(consoleUrl + "/cases/c-55#review-heading");
                assertThat(answer.body())
                        .contains("id=\"review-confirm-error\">Type the case number, BEST-HOU-55, to purge the case;"
                                + " nothing was purged.<")
                        .contains("aria-describedby=\"review-confirm-help review-confirm-error\"")
                        .containsPattern("id=\"review-purge\" name=\"decision\" value=\"PURGE\"\\s+checked=\"checked\"")
                        .contains(">No longer relevant</textarea>")
                        .doesNotContain("value=\"BEST-HOU-56\"");
            });
            assertThat(services.callsTo("POST /api/cases/c-55/reviews")).isEmpty();
        }

        @Test
        void purgeOnceConfirmedAndSayWhichCaseOnTheReviewsPage() throws Exception {
            aCaseDue("c-56", "BEST-HOU-56", "2026-11-30T10:00:00Z");
            services.answer("GET /api/reviews/due", 200, DUE);
            services.answer("POST /api/cases/c-56/reviews", 200, """
                    {"caseId":"c-56","caseNumber":"BEST-HOU-56","taskForceId":"best-houston",
                     "purgedAt":"2026-12-07T16:00:00Z","decidedBy":"best-coordinator-ramirez",
                     "cause":"REVIEW_DECISION"}""");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/cases/c-56").body();

            HttpResponse<String> purged = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-56/review",
                    Map.of(
                            "_csrf",
                            csrf(page),
                            "decision",
                            "PURGE",
                            "reason",
                            "No longer relevant",
                            "confirmCaseNumber",
                            " best-hou-56 "));

            assertThat(purged.uri().toString()).isEqualTo(consoleUrl + "/reviews");
            assertThat(purged.body())
                    .contains("Case BEST-HOU-56 was purged: its content is erased, and only its number, task force,"
                            + " time and who decided remain.");
            assertThat(services.callsTo("POST /api/cases/c-56/reviews"))
                    .singleElement()
                    .satisfies(call -> {
                        assertThat(call.authorization()).startsWith("Bearer eyJ");
                        assertThat(call.body()).isEqualTo("{\"decision\":\"PURGE\",\"reason\":\"No longer relevant\"}");
                    });
        }

        @Test
        void showCaseServicesRefusalAtTheReviewFormsOwnField() throws Exception {
            aCaseDue("c-57", "BEST-HOU-57", "2026-11-30T10:00:00Z");
            services.answer("POST /api/cases/c-57/reviews", 400, """
                    {"title":"Invalid request","status":400,"detail":"reason: must not be blank",
                     "errors":[{"field":"reason","message":"must not be blank"}]}""");
            Person coordinator = signIn(COORDINATOR);
            String page = get(coordinator.browser(), consoleUrl + "/cases/c-57").body();

            HttpResponse<String> refused = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-57/review",
                    Map.of("_csrf", csrf(page), "decision", "VALIDATED", "reason", " "));

            assertThat(refused.uri().toString()).isEqualTo(consoleUrl + "/cases/c-57#review-heading");
            assertThat(refused.body())
                    .contains("id=\"review-reason-error\">must not be blank<")
                    .contains("aria-describedby=\"review-reason-error\"")
                    .containsPattern(
                            "id=\"review-validate\" name=\"decision\" value=\"VALIDATED\" required\\s+checked=\"checked\"")
                    .contains("Invalid request")
                    .as("the other forms' reasons are not marked")
                    .doesNotContain("transfer-reason-error", "merge-reason-error");
            assertThat(services.callsTo("POST /api/cases/c-57/reviews"))
                    .singleElement()
                    .satisfies(
                            call -> assertThat(call.body()).isEqualTo("{\"decision\":\"VALIDATED\",\"reason\":null}"));

            services.answer("POST /api/cases/c-57/reviews", 409, """
                    {"title":"Not reviewable","status":409,"detail":"the case is not open to review in its status",
                     "field":"status"}""");
            HttpResponse<String> notNow = post(
                    coordinator.browser(),
                    consoleUrl + "/cases/c-57/review",
                    Map.of("_csrf", csrf(page), "decision", "VALIDATED", "reason", "Still relevant"));

            assertThat(notNow.body())
                    .contains("id=\"review-status-error\">the case is not open to review in its status<");
        }

        private static String table(String page, String tableId) {
            int start = page.indexOf("id=\"" + tableId + "\"");
            assertThat(start).as("table " + tableId).isNotNegative();
            return page.substring(start, page.indexOf("</table>", start));
        }

        private static String row(String table, String caseId) {
            int cell = table.indexOf("data-case-id=\"" + caseId + "\"");
            assertThat(cell).as("row of " + caseId).isNotNegative();
            int start = table.lastIndexOf("<tr", cell);
            return table.substring(start, table.indexOf("</tr>", cell));
        }
    }

    /** A case page case-service does not show: a purged case's tombstone, or a case not found. */
    @Nested
    class GoneCases {

        @Test
        void showAPurgedCasesTombstoneWhereItsPageWas() throws Exception {
            services.answer("GET /api/cases/c-58", 410, """
                    {"type":"about:blank","title":"Gone","status":410,"detail":"case BEST-HOU-58 was purged",
                     "caseNumber":"BEST-HOU-58","taskForceId":"best-houston","purgedAt":"2026-12-01T09:00:00Z",
                     "decidedBy":"best-coordinator-ramirez","cause":"REVIEW_DECISION"}""");
            services.answer("GET /api/cases/c-59", 410, """
                    {"type":"about:blank","title":"Gone","status":410,"detail":"case BEST-HOU-59 was purged",
                     "caseNumber":"BEST-HOU-59","taskForceId":"best-houston","purgedAt":"2026-12-02T09:00:00Z",
                     "cause":"REVIEW_LAPSED"}""");
            services.answer("GET /api/task-forces/best-houston/members", 200, """
                    [{"id":"best-coordinator-ramirez","name":"Elena Ramirez","agencyId":"hsi"}]""");
            Person coordinator = signIn(COORDINATOR);

            HttpResponse<String> decided = get(coordinator.browser(), consoleUrl + "/cases/c-58");
            HttpResponse<String> lapsed = get(coordinator.browser(), consoleUrl + "/cases/c-59");

            assertThat(decided.statusCode()).isEqualTo(410);
            assertThat(decided.body())
                    .contains("<title>Case purged · Task Force console</title>")
                    .contains("<h1>This case was purged</h1>")
                    .contains("<dd id=\"tombstone-number\">BEST-HOU-58</dd>")
                    .contains("<dd>BEST Houston</dd>")
                    .contains("datetime=\"2026-12-01T09:00:00Z\"")
                    .contains("<dd id=\"tombstone-decided\">by Elena Ramirez, at its review</dd>")
                    .contains("href=\"/reviews\">Back to the reviews</a>");
            assertThat(lapsed.statusCode()).isEqualTo(410);
            assertThat(lapsed.body()).contains("<dd id=\"tombstone-decided\">by nobody: its review lapsed</dd>");
        }

        @Test
        void tellTheLeadsAgencyThatItsLeadWasPurgedWithItsCase() throws Exception {
            services.answer("GET /api/leads/l-58", 410, """
                    {"type":"about:blank","title":"Gone","status":410,"detail":"lead l-58 was purged",
                     "leadId":"l-58","agencyId":"houston-pd","leadStatus":"PURGED",
                     "purgedAt":"2026-12-01T09:00:00Z"}""");
            Person officer = signIn(OFFICER);

            HttpResponse<String> purged = get(officer.browser(), consoleUrl + "/leads/l-58");
            HttpResponse<String> missing = get(officer.browser(), consoleUrl + "/leads/l-nowhere");

            assertThat(purged.statusCode()).isEqualTo(410);
            assertThat(purged.body())
                    .contains("<h1>This lead was purged</h1>")
                    .contains("datetime=\"2026-12-01T09:00:00Z\"")
                    .doesNotContain("Lead not found");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("<h1>Lead not found</h1>").doesNotContain("purged");
        }

        @Test
        void keepACaseTheReaderMayNotReadANotFoundPage() throws Exception {
            Person officer = signIn(OFFICER);

            HttpResponse<String> missing = get(officer.browser(), consoleUrl + "/cases/c-nowhere");

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("<h1>Case not found</h1>").doesNotContain("purged");
        }
    }

    record Person(HttpClient browser, CookieManager jar, HttpResponse<String> page) {
        java.util.List<String> cookies() {
            return jar.getCookieStore().getCookies().stream()
                    .map(cookie -> cookie.getName())
                    .toList();
        }
    }

    /** Opens the console, is sent to the provider's form, signs in, and follows the redirects back. */
    static Person signIn(String username) throws Exception {
        CookieManager jar = new CookieManager();
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(jar)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> loginForm = get(browser, consoleUrl + "/");
        assertThat(loginForm.uri().toString()).startsWith(identityUrl + "/login");
        HttpResponse<String> landed = post(
                browser,
                identityUrl + "/login",
                Map.of("username", username, "password", "demo", "_csrf", csrf(loginForm.body())));
        assertThat(landed.uri().toString()).startsWith(consoleUrl);
        return new Person(browser, jar, landed);
    }

    static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    static final Pattern HIDDEN_FIELD = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

    static String formAction(String page) {
        Matcher action = FORM_ACTION.matcher(page);
        assertThat(action.find()).as("a form in " + page).isTrue();
        return org.springframework.web.util.HtmlUtils.htmlUnescape(action.group(1));
    }

    static Map<String, String> hiddenFields(String page) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = HIDDEN_FIELD.matcher(page);
        while (field.find()) {
            fields.put(field.group(1), org.springframework.web.util.HtmlUtils.htmlUnescape(field.group(2)));
        }
        return fields;
    }

    /** Every address the browser was at or was sent to while following the redirects to this answer. */
    static java.util.List<String> urlsOnTheWay(HttpResponse<String> answer) {
        java.util.List<String> urls = new java.util.ArrayList<>();
        for (HttpResponse<String> step = answer;
                step != null;
                step = step.previousResponse().orElse(null)) {
            urls.add(step.uri().toString());
            step.headers().firstValue("Location").ifPresent(urls::add);
        }
        return urls;
    }

    static HttpClient browser(HttpClient.Redirect redirects) {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(redirects)
                .build();
    }

    static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient browser, String url, Map<String, String> form) throws Exception {
        String body = new LinkedHashMap<>(form)
                .entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF token in the form").isTrue();
        return matcher.group(1);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
