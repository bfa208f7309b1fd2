package taskforce.notification;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("notification")
public record NotificationProperties(
        @DefaultValue Mail mail,
        @DefaultValue Webhook webhook,
        @DefaultValue Delivery delivery,
        @DefaultValue Stream stream) {

    public record Mail(
            @DefaultValue("notifications@taskforce.local") String from) {}

    /**
     * {@code requireHttps} and {@code allowLoopback} say where webhooks may go (see WebhookTargetPolicy); only the
     * local profile relaxes them. {@code secretKey} encrypts webhook secrets at rest (see WebhookSecretCipher).
     */
    public record Webhook(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("10s") Duration requestTimeout,
            @DefaultValue("true") boolean requireHttps,
            @DefaultValue("false") boolean allowLoopback,
            String secretKey) {}

    /**
     * {@code backoff} is the wait before each retry; its length is the number of retries. {@code lease} is how
     * long a claimed delivery stays invisible to the scan, so an attempt lost in a crash is picked up again.
     */
    public record Delivery(
            @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"})
            List<Duration> backoff,

            @DefaultValue("0.2") double jitter,
            @DefaultValue("3") int clientErrorRetries,

            @DefaultValue("2m") Duration lease,
            @DefaultValue("4") int workers,
            @DefaultValue("100") int batchSize) {}

    /**
     * {@code pollInterval} is how often each instance looks for entries other instances wrote to the members whose
     * streams it holds; {@code heldEntries} is how many of each member's newest entries are kept for browsers that
     * reconnect with {@code Last-Event-ID}.
     */
    public record Stream(
            @DefaultValue("15s") Duration keepAlive,
            @DefaultValue("30m") Duration timeout,
            @DefaultValue("200ms") Duration pollInterval,
            @DefaultValue("200") int heldEntries) {}
}
