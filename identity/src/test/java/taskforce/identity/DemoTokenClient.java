package taskforce.identity;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gets access tokens from the identity provider the way a command-line client does, without a browser: for a user,
 * the authorization code flow with PKCE through the provider's own login form (what {@code token.sh} does with
 * curl); for an agency system, client credentials. The system tests use it, so they run on real tokens. It ships
 * in the provider's test jar, not in the provider: nothing that runs in production asks the provider for tokens.
 */
public final class DemoTokenClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID_TOKEN = Pattern.compile("\"id_token\"\\s*:\\s*\"([^\"]+)\"");

    private final String issuer;

    public DemoTokenClient(String issuer) {
        this.issuer = issuer;
    }

    public String forUser(String username, String password) {
        return signIn(username, password, ACCESS_TOKEN);
    }

    /** The ID token the same sign-in yields: addressed to the client, for tests that show services refuse it. */
    public String idTokenForUser(String username, String password) {
        return signIn(username, password, ID_TOKEN);
    }

    private String signIn(String username, String password, Pattern which) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String verifier = randomUrlSafe();
        String authorize = issuer + "/oauth2/authorize?"
                + form(Map.of(
                        "response_type",
                        "code",
                        "client_id",
                        AuthorizationServerConfiguration.CLI_CLIENT,
                        "scope",
                        "openid",
                        "redirect_uri",
                        AuthorizationServerConfiguration.CLI_REDIRECT,
                        "code_challenge",
                        challengeOf(verifier),
                        "code_challenge_method",
                        "S256"));
        send(browser, get(authorize));
        String loginPage = send(browser, get(issuer + "/login")).body();
        Matcher csrf = CSRF.matcher(loginPage);
        if (!csrf.find()) {
            throw new IllegalStateException("no sign-in form at " + issuer + "/login");
        }
        HttpResponse<String> signedIn = send(
                browser,
                post(issuer + "/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1))));
        String afterLogin = signedIn.headers().firstValue("Location").orElse("");
        if (afterLogin.contains("error")) {
            throw new IllegalArgumentException("the identity provider refused the sign-in of " + username);
        }
        String callback = send(browser, get(authorize))
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no authorization code for " + username));
        Matcher code = CODE.matcher(callback);
        if (!code.find()) {
            throw new IllegalStateException("no authorization code in " + callback);
        }
        return token(
                which,
                browser,
                post(
                        issuer + "/oauth2/token",
                        Map.of(
                                "grant_type",
                                "authorization_code",
                                "client_id",
                                AuthorizationServerConfiguration.CLI_CLIENT,
                                "code",
                                urlDecode(code.group(1)),
                                "redirect_uri",
                                AuthorizationServerConfiguration.CLI_REDIRECT,
                                "code_verifier",
                                verifier)));
    }

    public String forAgencySystem(String agencyId) {
        HttpClient client = HttpClient.newHttpClient();
        String credentials = DemoDirectory.systemClientOf(agencyId) + ":" + agencyId + "-secret";
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "client_credentials"))))
                .build();
        return token(ACCESS_TOKEN, client, request);
    }

    private static String token(Pattern which, HttpClient client, HttpRequest request) {
        HttpResponse<String> answer = send(client, request);
        Matcher token = which.matcher(answer.body());
        if (answer.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("no token: " + answer.statusCode() + " " + answer.body());
        }
        return token.group(1);
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/html")
                .build();
    }

    private static HttpRequest post(String url, Map<String, String> fields) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String form(Map<String, String> fields) {
        return new LinkedHashMap<>(fields)
                .entrySet().stream()
                        .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }

    private static String urlDecode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String randomUrlSafe() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
