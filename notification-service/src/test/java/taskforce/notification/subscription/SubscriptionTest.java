package taskforce.notification.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    private static Subscription on(SubscriptionScope scope, SubscriptionStatus status) {
        return new Subscription(
                "s1",
                "houston-pd",
                scope,
                new Channel(ChannelType.INBOX, null, null, null, "m1"),
                status,
                CREATED,
                null,
                null);
    }

    @Nested
    class ScopeMatching {

        @Test
        void aCaseScopeCoversOnlyThatCase() {
            SubscriptionScope scope = new SubscriptionScope("case-1", null);

            assertThat(scope.covers("case-1", "tf-1")).isTrue();
            assertThat(scope.covers("case-2", "tf-1")).isFalse();
            assertThat(scope.indexKey()).isEqualTo("case:case-1");
        }

        @Test
        void aTaskForceScopeCoversEveryCaseOfThatTaskForce() {
            SubscriptionScope scope = new SubscriptionScope(null, "tf-1");

            assertThat(scope.covers("case-1", "tf-1")).isTrue();
            assertThat(scope.covers("case-2", "tf-1")).isTrue();
            assertThat(scope.covers("case-1", "tf-2")).isFalse();
            assertThat(scope.indexKey()).isEqualTo("task-force:tf-1");
        }

        @Test
        void anEventLooksUpItsCaseAndItsTaskForce() {
            assertThat(SubscriptionScope.keysMatching("case-1", "tf-1"))
                    .containsExactly("case:case-1", "task-force:tf-1");
        }
    }

    @Nested
    class Timing {

        @Test
        void receivesEventsAfterItWasCreated() {
            assertThat(on(new SubscriptionScope(null, "tf-1"), SubscriptionStatus.ACTIVE)
                            .receives("case-1", "tf-1", CREATED.plusMillis(1)))
                    .isTrue();
        }

        @Test
        void ignoresEventsFromBeforeItWasCreated() {
            Subscription subscription = on(new SubscriptionScope(null, "tf-1"), SubscriptionStatus.ACTIVE);

            assertThat(subscription.receives("case-1", "tf-1", CREATED.minusSeconds(1)))
                    .isFalse();
            assertThat(subscription.receives("case-1", "tf-1", CREATED)).isFalse();
        }

        @Test
        void aDisabledSubscriptionReceivesNothing() {
            assertThat(on(new SubscriptionScope(null, "tf-1"), SubscriptionStatus.DISABLED)
                            .receives("case-1", "tf-1", CREATED.plusSeconds(1)))
                    .isFalse();
        }
    }

    @Nested
    class Rules {

        private SubscriptionRules.Violation violationOf(SubscriptionRequest request) {
            return SubscriptionRules.check(request).orElseThrow();
        }

        private final Channel webhook =
                new Channel(ChannelType.WEBHOOK, "https://hooks.example.gov/tf", null, null, null);

        @Test
        void acceptsAWebhookOnATaskForce() {
            assertThat(SubscriptionRules.check(
                            new SubscriptionRequest("hpd", new SubscriptionScope(null, "tf-1"), webhook)))
                    .isEmpty();
        }

        @Test
        void needsExactlyOneOfCaseAndTaskForce() {
            assertThat(violationOf(new SubscriptionRequest("hpd", new SubscriptionScope("c", "tf"), webhook))
                            .field())
                    .isEqualTo("scope");
            assertThat(violationOf(new SubscriptionRequest("hpd", new SubscriptionScope(null, " "), webhook))
                            .field())
                    .isEqualTo("scope");
        }

        @Test
        void needsAnAbsoluteHttpUrl() {
            for (String url : new String[] {"ftp://x.example/a", "/relative", "http://", "not a url"}) {
                Channel channel = new Channel(ChannelType.WEBHOOK, url, null, null, null);
                assertThat(violationOf(new SubscriptionRequest("hpd", new SubscriptionScope("c", null), channel))
                                .field())
                        .as(url)
                        .isEqualTo("channel.url");
            }
        }

        @Test
        void needsAStandardWebhooksSecretOfTheRightLength() {
            String tooShort = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);
            for (String secret : new String[] {"plain-secret", "whsec_***", tooShort}) {
                Channel channel = new Channel(ChannelType.WEBHOOK, "https://x.example/h", secret, null, null);
                assertThat(violationOf(new SubscriptionRequest("hpd", new SubscriptionScope("c", null), channel))
                                .field())
                        .as(secret)
                        .isEqualTo("channel.secret");
            }
        }

        @Test
        void needsAWellFormedEmailAddress() {
            Channel channel = new Channel(ChannelType.EMAIL, null, null, "someone@", null);

            assertThat(violationOf(new SubscriptionRequest("hpd", new SubscriptionScope("c", null), channel))
                            .field())
                    .isEqualTo("channel.address");
        }

        @Test
        void needsAMemberForAnInbox() {
            Channel channel = new Channel(ChannelType.INBOX, null, null, null, null);

            assertThat(violationOf(new SubscriptionRequest("hpd", new SubscriptionScope("c", null), channel))
                            .field())
                    .isEqualTo("channel.memberId");
        }

        @Test
        void needsAnAgency() {
            assertThat(violationOf(new SubscriptionRequest(null, new SubscriptionScope("c", null), webhook))
                            .field())
                    .isEqualTo("agencyId");
        }
    }

    @Nested
    class GeneratedSecrets {

        @Test
        void areStandardWebhooksSecretsOf32Bytes() {
            String secret = WebhookSecrets.generate(new SecureRandom());

            assertThat(secret).startsWith("whsec_");
            assertThat(WebhookSecrets.key(secret)).hasSize(32);
        }
    }
}
