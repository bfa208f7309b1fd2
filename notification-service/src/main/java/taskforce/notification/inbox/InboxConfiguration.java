package taskforce.notification.inbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

    /**
     * Live pushes get a thread of their own: neither the event consumer nor slow webhook receivers (which occupy
     * the delivery workers) may delay them.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService streamPushes() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "notification-push");
            thread.setDaemon(true);
            return thread;
        });
    }
}
