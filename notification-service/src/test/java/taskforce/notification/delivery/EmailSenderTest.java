package taskforce.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import taskforce.notification.NotificationProperties;

class EmailSenderTest {

    @Test
    void aMailServerThatHangsHoldsOnlyTheBulkheadsShareOfTheWorkers() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        // accepts connections and never greets: an SMTP client waits until its read timeout
        try (ServerSocket silent = new ServerSocket(0)) {
            threads.execute(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            JavaMailSenderImpl mail = new JavaMailSenderImpl();
            mail.setHost("127.0.0.1");
            mail.setPort(silent.getLocalPort());
            Properties timeouts = new Properties();
            timeouts.put("mail.smtp.connectiontimeout", "2000");
            timeouts.put("mail.smtp.timeout", "3000");
            mail.setJavaMailProperties(timeouts);
            BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
            bulkheads.bulkhead(
                    "smtp",
                    BulkheadConfig.custom()
                            .maxConcurrentCalls(1)
                            .maxWaitDuration(Duration.ZERO)
                            .build());
            EmailSender sender = new EmailSender(
                    mail,
                    CircuitBreakerRegistry.ofDefaults(),
                    bulkheads,
                    new NotificationProperties(
                            new NotificationProperties.Mail("n@example.gov"),
                            new NotificationProperties.Webhook(
                                    Duration.ofSeconds(2), Duration.ofSeconds(2), false, true, null),
                            new NotificationProperties.Delivery(List.of(), 0, 3, Duration.ofMinutes(1), 1, 10),
                            new NotificationProperties.Stream(
                                    Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMillis(200), 200)));
            Delivery email = Delivery.memberEmail(
                    "m1",
                    "e-" + System.nanoTime(),
                    "case.assigned.v1",
                    "c1",
                    "tf1",
                    "m1@example.gov",
                    "Assigned",
                    "text",
                    Instant.now());

            Future<AttemptResult> stuck = threads.submit(() -> sender.send(email, "a@example.gov"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> bulkheads.bulkhead("smtp").getMetrics().getAvailableConcurrentCalls() == 0);
            AttemptResult second = sender.send(email, "b@example.gov");

            assertThat(second.kind()).isEqualTo(AttemptResult.Kind.DEFERRED);
            assertThat(stuck.get(10, TimeUnit.SECONDS).kind())
                    .as("the hanging send times out and fails, to be retried")
                    .isEqualTo(AttemptResult.Kind.FAILED);
            assertThat(bulkheads.bulkhead("smtp").getMetrics().getAvailableConcurrentCalls())
                    .as("the permit comes back")
                    .isEqualTo(1);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
            threads.shutdownNow();
        }
    }
}
