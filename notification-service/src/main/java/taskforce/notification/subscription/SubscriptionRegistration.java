package taskforce.notification.subscription;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import taskforce.notification.delivery.WebhookTargetPolicy;
import taskforce.platform.web.ProblemException;

/** Creates, lists and removes subscriptions. Secrets leave the service only in the answer to their creation. */
@Service
public class SubscriptionRegistration {

    private final Subscriptions subscriptions;
    private final WebhookTargetPolicy targets;
    private final WebhookSecretCipher secrets;
    private final SecureRandom random = new SecureRandom();

    SubscriptionRegistration(Subscriptions subscriptions, WebhookTargetPolicy targets, WebhookSecretCipher secrets) {
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.secrets = secrets;
    }

    Subscription subscribe(SubscriptionRequest request) {
        SubscriptionRules.check(request).ifPresent(violation -> {
            throw ProblemException.invalid(violation.field(), violation.field() + " " + violation.message());
        });
        if (request.channel().type() == ChannelType.WEBHOOK) {
            targets.refusal(URI.create(request.channel().url())).ifPresent(reason -> {
                throw ProblemException.invalid("channel.url", "channel.url " + reason);
            });
        }
        SubscriptionScope scope = new SubscriptionScope(
                blankToNull(request.scope().caseId()),
                blankToNull(request.scope().taskForceId()));
        Channel channel = request.channel();
        if (channel.type() == ChannelType.WEBHOOK && channel.secret() == null) {
            channel = channel.withSecret(WebhookSecrets.generate(random));
        }
        Subscription subscription = new Subscription(
                UUID.randomUUID().toString(),
                request.agencyId(),
                scope,
                channel,
                SubscriptionStatus.ACTIVE,
                // the store keeps milliseconds: the answer shows the instant later events are compared with
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null);
        // stored encrypted; the caller sees the secret in this answer only
        subscriptions.add(subscription.withChannel(channel.withSecret(secrets.encrypt(channel.secret()))));
        return subscription;
    }

    List<Subscription> ofAgency(String agencyId) {
        return subscriptions.ofAgency(agencyId);
    }

    Subscription get(String id) {
        return subscriptions.find(id).orElseThrow(() -> ProblemException.notFound("subscription", id));
    }

    void unsubscribe(String id) {
        if (!subscriptions.remove(id)) {
            throw ProblemException.notFound("subscription", id);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
