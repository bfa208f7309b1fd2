package taskforce.contracts.directory;

/**
 * An agency as the directory holds it now.
 *
 * @param version the entity's version in the directory, one higher with every change (optional: events from
 *     before it existed have none); a read model ignores an event older than what it holds
 */
public record AgencyUpserted(String id, String name, AgencyType type, String state, Long version) {

    public AgencyUpserted(String id, String name, AgencyType type, String state) {
        this(id, name, type, state, null);
    }
}
