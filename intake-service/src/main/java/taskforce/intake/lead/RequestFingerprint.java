package taskforce.intake.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SHA-256 of a request in canonical form: the parsed request written back with properties sorted, absent and
 * null alike left out, times in ISO-8601 UTC. Two bodies that differ only in layout, key order, explicit nulls or
 * the spelling of a number or instant have the same fingerprint; any difference in content changes it.
 */
public final class RequestFingerprint {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private RequestFingerprint() {}

    public static String canonicalJson(Object request) {
        // as plain maps first: map entries are sorted at every depth, whatever the order of record components
        return CANONICAL.writeValueAsString(CANONICAL.convertValue(request, Object.class));
    }

    public static String of(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
