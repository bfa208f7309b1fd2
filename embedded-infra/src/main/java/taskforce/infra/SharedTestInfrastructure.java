package taskforce.infra;

/**
 * One broker, one store and one SMTP server for every test of a JVM, started on first use and stopped when the
 * JVM exits. Tests keep apart by database name and consumer group, not by infrastructure.
 */
public final class SharedTestInfrastructure {

    private static EmbeddedKafka kafka;
    private static EmbeddedMongo mongo;
    private static EmbeddedSmtp smtp;

    private SharedTestInfrastructure() {}

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-embedded-kafka"));
        }
        return kafka;
    }

    public static synchronized EmbeddedMongo mongo() {
        if (mongo == null) {
            mongo = EmbeddedMongo.inMemory(0);
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "stop-embedded-mongo"));
        }
        return mongo;
    }

    public static synchronized EmbeddedSmtp smtp() {
        if (smtp == null) {
            smtp = EmbeddedSmtp.start(0, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::close, "stop-embedded-smtp"));
        }
        return smtp;
    }
}
