package taskforce.notification.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY =
            Base64.getEncoder().encodeToString("another-key-of-thirty-two-bytes!".getBytes());
    private final WebhookSecretCipher cipher = new WebhookSecretCipher(KEY);

    @Test
    void readsBackWhatItSealed() {
        String stored = cipher.encrypt("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(stored).startsWith("v1:").doesNotContain("MfKQ9r8GKYqr");
        assertThat(cipher.decrypt(stored)).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Test
    void sealsTheSameSecretDifferentlyEachTime() {
        assertThat(cipher.encrypt("whsec_same")).isNotEqualTo(cipher.encrypt("whsec_same"));
    }

    @Test
    void refusesAStoredValueThatWasTamperedWith() {
        String stored = cipher.encrypt("whsec_abc");
        byte[] bytes = Base64.getDecoder().decode(stored.substring(3));
        bytes[bytes.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToDecryptWithAnotherKey() {
        String stored = cipher.encrypt("whsec_abc");
        assertThatThrownBy(() -> new WebhookSecretCipher(OTHER_KEY).decrypt(stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key");
    }

    @Test
    void readsASecretStoredBeforeEncryptionAsItIs() {
        assertThat(cipher.decrypt("whsec_legacy")).isEqualTo("whsec_legacy");
    }

    @Test
    void needsA32ByteKey() {
        assertThatThrownBy(() -> new WebhookSecretCipher(null)).hasMessageContaining("secret-key is required");
        assertThatThrownBy(() -> new WebhookSecretCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
