package taskforce.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh [--reset]}: starts the local stack in the foreground until Ctrl-C. A failed start ends the
 * program with status 1 and a message naming what did not start and its port; Ctrl-C (SIGINT, SIGTERM) ends it
 * within 15 s whatever is pending. {@code -Dtaskforce.local.ports=free} (or ten port numbers, in the order of
 * {@link LocalStack.Ports}) runs it away from the standard ports.
 */
public final class LocalStackMain {

    /** Beyond the stack's own stop budget: the JVM ends by then even if a shutdown hook of a library hangs. */
    private static final Duration HARD_STOP = LocalStack.STOP_BUDGET.plusSeconds(4);

    private LocalStackMain() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help")) {
            System.out.println("usage: ./run-local.sh [--reset]   (--reset wipes .local-data/ first)");
            return;
        }
        Path dataDir = Path.of(System.getProperty("taskforce.data-dir", ".local-data"));
        LocalStack.Ports ports = ports(System.getProperty("taskforce.local.ports", ""));
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(dataDir, arguments.contains("--reset"), ports));
        } catch (Exception e) { // also the checked exceptions that servers throw without declaring them
            System.err.println("\nThe local stack did not start: " + e.getMessage()
                    + "\nIs another copy running, or another program using that port? The stack uses "
                    + describe(ports) + ".");
            exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping the local stack...");
                            haltAfter(HARD_STOP, 130);
                            stack.close();
                            System.out.println("Stopped.");
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

    static LocalStack.Ports ports(String setting) {
        if (setting.isBlank()) {
            return LocalStack.Ports.STANDARD;
        }
        if (setting.equals("free")) {
            return LocalStack.Ports.free();
        }
        int[] p = Arrays.stream(setting.split(","))
                .mapToInt(v -> Integer.parseInt(v.trim()))
                .toArray();
        if (p.length != 10) {
            throw new IllegalArgumentException("taskforce.local.ports needs 10 ports (kafka, kafka controller,"
                    + " mongo, smtp, imap, identity, intake, cases, notifications, console), got " + setting);
        }
        return new LocalStack.Ports(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
    }

    private static String describe(LocalStack.Ports ports) {
        return "Kafka " + ports.kafka() + " and " + ports.kafkaController() + ", MongoDB " + ports.mongo() + ", SMTP "
                + ports.smtp() + " and " + ports.imap() + ", the identity provider " + ports.identity()
                + ", the services " + ports.intake() + ", " + ports.cases() + " and " + ports.notifications()
                + ", the console " + ports.console();
    }

    /** Exits, and halts if exiting takes too long: the broker's and servers' threads must not keep the JVM alive. */
    private static void exit(int status) {
        haltAfter(HARD_STOP, status);
        System.exit(status);
    }

    private static void haltAfter(Duration delay, int status) {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.err.println("still stopping after " + delay.toSeconds() + " s; halting");
                    Runtime.getRuntime().halt(status);
                },
                "stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
