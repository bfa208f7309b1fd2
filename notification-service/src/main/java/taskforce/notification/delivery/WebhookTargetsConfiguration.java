package taskforce.notification.delivery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import taskforce.notification.NotificationProperties;
import taskforce.notification.subscription.WebhookSecretCipher;

@Configuration(proxyBeanMethods = false)
class WebhookTargetsConfiguration {

    @Bean
    WebhookSecretCipher webhookSecretCipher(NotificationProperties properties) {
        return new WebhookSecretCipher(properties.webhook().secretKey());
    }

    @Bean
    WebhookTargetPolicy webhookTargetPolicy(NotificationProperties properties) {
        return new WebhookTargetPolicy(
                properties.webhook().requireHttps(), properties.webhook().allowLoopback());
    }
}
