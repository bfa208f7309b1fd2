package taskforce.notification.delivery;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import taskforce.notification.NotificationProperties;

/**
 * Sends a delivery as a plain-text e-mail over SMTP, through the {@code smtp} circuit breaker and bulkhead: a
 * mail server that hangs holds only the bulkhead's share of the delivery workers, and webhooks go on.
 */
@Component
class EmailSender {

    private final JavaMailSender mail;
    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;
    private final NotificationProperties properties;

    EmailSender(
            JavaMailSender mail,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads,
            NotificationProperties properties) {
        this.mail = mail;
        this.circuitBreaker = circuitBreakers.circuitBreaker("smtp");
        this.bulkhead = bulkheads.bulkhead("smtp");
        this.properties = properties;
    }

    AttemptResult send(Delivery delivery, String address) {
        return send(address, delivery.subject(), delivery.body());
    }

    AttemptResult send(String address, String subject, String text) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mail().from());
        message.setTo(address);
        message.setSubject(subject);
        message.setText(text);
        if (!bulkhead.tryAcquirePermission()) {
            return AttemptResult.deferred(
                    "bulkhead 'smtp' has " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " sends under way");
        }
        try {
            circuitBreaker.executeRunnable(() -> mail.send(message));
            return AttemptResult.delivered(null);
        } catch (CallNotPermittedException e) {
            return AttemptResult.failed(null, "circuit breaker 'smtp' is open");
        } catch (MailException e) {
            return AttemptResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            bulkhead.onComplete();
        }
    }
}
