package taskforce.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import taskforce.notification.subscription.WebhookSecrets;

/**
 * Signs webhook bodies as the Standard Webhooks specification does: {@code v1,} followed by the base64 of
 * HMAC-SHA256 over {@code id.timestamp.body}, keyed by the base64-decoded part of the {@code whsec_} secret.
 */
public final class WebhookSigner {

    private WebhookSigner() {}

    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WebhookSecrets.key(secret), "HmacSHA256"));
            byte[] digest =
                    mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
