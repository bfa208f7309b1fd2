package taskforce.notification.delivery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import taskforce.notification.NotificationProperties;

@Configuration(proxyBeanMethods = false)
class WebhookTargetsConfiguration {

    @Bean
    WebhookTargetPolicy webhookTargetPolicy(NotificationProperties properties) {
        return new WebhookTargetPolicy(
                properties.webhook().requireHttps(), properties.webhook().allowLoopback());
    }
}
