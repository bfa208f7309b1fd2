package taskforce.notification.delivery;

public enum DeliveryChannel {
    WEBHOOK,
    EMAIL
}
