package taskforce.notification.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One try: when, what the receiver answered ({@code statusCode} for webhooks), or why it failed, how long it took,
 * and which form of the event was sent ({@code FULL} with the case's content, {@code THIN} without; absent for
 * member e-mails and attempts that sent nothing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAttempt(
        int number, Instant at, Integer statusCode, String error, long durationMillis, String form) {}
