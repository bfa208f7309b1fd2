package taskforce.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Nested
    class StandardWebhooksTestVector {

        @Test
        void signsTheSpecificationExampleAsTheSpecificationDoes() {
            String signature = WebhookSigner.sign(
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "msg_p5jXN8AQM9LWM0D4loKWxJek",
                    1614265330L,
                    "{\"test\": 2432232314}");

            assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        }

        @Test
        void changesTheSignatureWhenAnyPartChanges() {
            String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
            String original = WebhookSigner.sign(secret, "msg_1", 1614265330L, "{}");

            assertThat(WebhookSigner.sign(secret, "msg_2", 1614265330L, "{}")).isNotEqualTo(original);
            assertThat(WebhookSigner.sign(secret, "msg_1", 1614265331L, "{}")).isNotEqualTo(original);
            assertThat(WebhookSigner.sign(secret, "msg_1", 1614265330L, "{ }")).isNotEqualTo(original);
        }
    }

    @Nested
    class Secrets {

        @Test
        void refusesASecretWithoutTheWhsecPrefix() {
            assertThatThrownBy(() -> WebhookSigner.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1L, "{}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("whsec_");
        }
    }
}
