package taskforce.infra;

import java.util.Map;

/**
 * The scans kept on purpose, each with why it is harmless: the one list {@link IndexCoverage#unexplained} forgives.
 * A key is {@code database.collection command shape}, exactly as {@link IndexCoverage.Scan#key()} prints it; a
 * collection of {@code *} stands for every collection of the database (or, as {@code *.*}, of every database).
 */
public final class DeliberateScans {

    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry(
                    "*.* find {outbox.0: {$exists: ?}}",
                    "OutboxRelay adopts outboxes written before pending markers existed: once per collection and"
                            + " store, recorded in the lease outbox-adopt:<collection> (ADR 0008)"),
            Map.entry(
                    "notifications.agreements find {}",
                    "start-up only: files the agreements of a store written before agreement_pairs existed under"
                            + " their pairs; a directory holds a few hundred agreements"),
            Map.entry(
                    "notifications.pending_deliveries find {}",
                    "once per store: marks the pending deliveries written before due markers existed under the"
                            + " second they fall due; pending entries are few (a delivery's retries only)"));

    private DeliberateScans() {}

    public static boolean explains(IndexCoverage.Scan scan) {
        return REASONS.keySet().stream().anyMatch(key -> matches(key, scan));
    }

    private static boolean matches(String key, IndexCoverage.Scan scan) {
        int space = key.indexOf(' ');
        String where = key.substring(0, space);
        String what = key.substring(space);
        String[] databaseAndCollection = where.split("\\.", 2);
        return what.equals(" " + scan.command() + " " + scan.shape())
                && (databaseAndCollection[0].equals("*") || databaseAndCollection[0].equals(scan.database()))
                && (databaseAndCollection[1].equals("*") || databaseAndCollection[1].equals(scan.collection()));
    }
}
