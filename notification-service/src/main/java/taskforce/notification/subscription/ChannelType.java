package taskforce.notification.subscription;

public enum ChannelType {
    WEBHOOK,
    EMAIL,
    INBOX
}
