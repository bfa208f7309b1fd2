package taskforce.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code ./run-local.sh [--reset]}: starts the local stack in the foreground until Ctrl-C. */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help")) {
            System.out.println("usage: ./run-local.sh [--reset]   (--reset wipes .local-data/ first)");
            return;
        }
        Path dataDir = Path.of(System.getProperty("taskforce.data-dir", ".local-data"));
        LocalStack stack;
        try {
            stack = LocalStack.start(LocalStack.Options.forLaptop(dataDir, arguments.contains("--reset")));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.err.println(
                    "\nThe local stack did not start: " + e.getMessage()
                            + "\nIs another copy running, or another program using ports 9092, 9093, 27017, 3025, 3143, 9000 or 8080-8083?");
            // the broker's and servers' own threads would keep the JVM alive
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping the local stack...");
                            stack.close();
                            stopped.countDown();
                        },
                        "stop-local-stack"));

        String summary = String.join(
                System.lineSeparator(),
                "",
                "Task Force Case Coordination is running (Ctrl-C stops everything):",
                "  console               " + stack.consoleUrl()
                        + "   (sign in as hpd-officer-garza, best-coordinator-ramirez or houston-pd-admin;"
                        + " password: demo)",
                "  identity provider     " + stack.identityUrl()
                        + "   (tokens: ./token.sh hpd-officer-garza, ./token.sh --agency houston-pd)",
                "  intake-service        " + stack.intakeUrl() + "   (POST /api/leads, GET /api/leads)",
                "  case-service          " + stack.casesUrl() + "   (/api/cases, /api/task-forces, /api/agencies)",
                "  notification-service  " + stack.notificationsUrl()
                        + "   (/api/subscriptions, /api/members/{id}/notifications)",
                "  OpenAPI               <service>/v3/api-docs, health <service>/actuator/health",
                "  Kafka                 " + stack.kafkaBootstrapServers(),
                "  MongoDB               " + stack.mongoUri() + "   (data in " + dataDir.toAbsolutePath() + ")",
                "  SMTP                  localhost:" + stack.smtp().smtpPort()
                        + "   (read mail over IMAP at localhost:" + stack.smtp().imapPort()
                        + ", user = the recipient address, password = the same)",
                "  listening on          " + LocalStack.bindAddress()
                        + " (console, provider, services; TASKFORCE_BIND_ADDRESS to change), store, broker and"
                        + " SMTP on 127.0.0.1 only",
                "");
        System.out.println(summary);
        stopped.await();
    }
}
