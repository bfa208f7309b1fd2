package taskforce.notification.delivery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import taskforce.notification.NotificationProperties;

@Configuration(proxyBeanMethods = false)
class DeliveryWorkersConfiguration {

    /** Sends leave the Kafka listener thread here, so a slow receiver never holds up consumption. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService deliveryWorkers(NotificationProperties properties) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.delivery().workers(), task -> {
            Thread thread = new Thread(task, "delivery-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
