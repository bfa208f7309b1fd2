package taskforce.notification.subscription;

import java.security.SecureRandom;
import java.util.Base64;

/** Secrets in the Standard Webhooks form: {@code whsec_} followed by the base64 of the key bytes. */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    public static final int MIN_KEY_BYTES = 24;
    public static final int MAX_KEY_BYTES = 64;
    private static final int GENERATED_KEY_BYTES = 32;

    private WebhookSecrets() {}

    public static String generate(SecureRandom random) {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key bytes, or an explanation of why the secret is not one. */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("must carry between " + MIN_KEY_BYTES + " and " + MAX_KEY_BYTES
                    + " bytes of key, not " + key.length);
        }
        return key;
    }
}
