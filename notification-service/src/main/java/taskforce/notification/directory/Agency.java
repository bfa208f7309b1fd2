package taskforce.notification.directory;

public record Agency(String id, String name, String type, String state) {}
