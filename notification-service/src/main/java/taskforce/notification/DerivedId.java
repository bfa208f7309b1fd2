package taskforce.notification;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from what caused a record (an event id and its target), so that processing the same event again
 * lands on the same {@code _id} and is refused by the store instead of creating a second record.
 */
public final class DerivedId {

    private DerivedId() {}

    public static String of(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
