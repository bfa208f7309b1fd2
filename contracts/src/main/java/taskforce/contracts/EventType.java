package taskforce.contracts;

/**
 * One event type: the name on the wire, the payload record it carries and the topic it travels on. The wire
 * name is independent of the Java class name, so renaming a class never breaks a consumer.
 */
public record EventType<T>(String name, Class<T> payloadType, Topic topic) {}
