package taskforce.faults;

import java.util.Arrays;

/** What a suite started, stopped at its end. */
final class Parts {

    private Parts() {}

    /**
     * Closes each part that was started, in the order given, and goes on past a part that fails to close: one
     * stuck process must not leave the broker or the store running for the next suite.
     */
    static void closeAll(Iterable<? extends AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
    }

    static void closeAll(AutoCloseable... parts) {
        closeAll(Arrays.asList(parts));
    }
}
