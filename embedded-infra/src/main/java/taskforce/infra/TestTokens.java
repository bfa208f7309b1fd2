package taskforce.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed access tokens for service tests, as an identity provider would issue them: RS256 JWTs with the claims
 * the services read ({@code roles}, {@code agency_id}, {@code member_id}, {@code task_force_ids}). The services
 * verify them for real against the public key this class writes to a file once per JVM; point them at it with
 * {@link #PROPERTY} = {@link #publicKeyLocation()} and a blank {@link #ISSUER_PROPERTY}. The identity provider module issues the same claims,
 * and the same audience ({@link #API_AUDIENCE}).
 */
public final class TestTokens {

    public static final String PROPERTY = "spring.security.oauth2.resourceserver.jwt.public-key-location";

    /**
     * Boot verifies with the public key only while no issuer is configured, so tests blank the services' default
     * issuer ({@code registry.add(ISSUER_PROPERTY, () -> "")}).
     */
    public static final String ISSUER_PROPERTY = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    /**
     * The audience the services require ({@code taskforce.security.audience}'s default); every token here carries it
     * unless its claims name another {@code aud}.
     */
    public static final String API_AUDIENCE = "taskforce-api";

    private static final KeyPair KEYS = generate();
    private static final String PUBLIC_KEY_LOCATION = writePublicKey();

    private TestTokens() {}

    public static String publicKeyLocation() {
        return PUBLIC_KEY_LOCATION;
    }

    /** A demo member or coordinator of the directory, as the identity provider describes them. */
    public static String member(String memberId, String agencyId, String role, String... taskForceIds) {
        return token(
                memberId,
                Map.of(
                        "roles",
                        List.of(role),
                        "agency_id",
                        agencyId,
                        "member_id",
                        memberId,
                        "task_force_ids",
                        List.of(taskForceIds)));
    }

    public static String agencyAdmin(String agencyId) {
        return token(agencyId + "-admin", Map.of("roles", List.of("AGENCY_ADMIN"), "agency_id", agencyId));
    }

    /** An agency's system calling with client credentials. */
    public static String agencySystem(String agencyId) {
        return token(agencyId + "-system", Map.of("roles", List.of("AGENCY_SYSTEM"), "agency_id", agencyId));
    }

    public static String admin() {
        return token("admin", Map.of("roles", List.of("ADMIN")));
    }

    /** Someone who runs the system: metrics and the other actuator endpoints, no case content. */
    public static String operator() {
        return token("operator", Map.of("roles", List.of("OPERATOR")));
    }

    public static String token(String subject, Map<String, Object> claims) {
        return sign(subject, claims, Instant.now().plus(Duration.ofHours(1)), KEYS);
    }

    /**
     * An OpenID Connect ID token of the same person, as a provider issues it to the client that signed them in:
     * addressed to that client, not to the API, with the same claims otherwise.
     */
    public static String idToken(String subject, String clientId, Map<String, Object> claims) {
        Map<String, Object> withClientAudience = new HashMap<>(claims);
        withClientAudience.put("aud", List.of(clientId));
        withClientAudience.put("azp", clientId);
        withClientAudience.put("auth_time", Instant.now().minusSeconds(30).getEpochSecond());
        return token(subject, withClientAudience);
    }

    public static String expired(String subject, Map<String, Object> claims) {
        return sign(subject, claims, Instant.now().minus(Duration.ofHours(1)), KEYS);
    }

    /** A token that looks right but is signed by a key no service trusts. */
    public static String signedByStranger(String subject, Map<String, Object> claims) {
        return sign(subject, claims, Instant.now().plus(Duration.ofHours(1)), generate());
    }

    private static String sign(String subject, Map<String, Object> claims, Instant expiresAt, KeyPair keys) {
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer("https://test-issuer.taskforce.invalid")
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(expiresAt));
        if (!claims.containsKey("aud")) {
            body.audience(API_AUDIENCE);
        }
        claims.forEach(body::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), body.build());
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    private static String writePublicKey() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempFile("taskforce-test-issuer", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
