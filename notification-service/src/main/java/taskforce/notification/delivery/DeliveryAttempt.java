package taskforce.notification.delivery;

import java.time.Instant;

/** One try: when, what the receiver answered ({@code statusCode} for webhooks), or why it failed, and how long it took. */
public record DeliveryAttempt(int number, Instant at, Integer statusCode, String error, long durationMillis) {}
