package taskforce.contracts.directory;

/**
 * {@code program} is a program code (BEST, GANG, HSTF, CETF, DBFTF, …): an open list kept as data.
 *
 * @param version the entity's version in the directory (optional); see {@link AgencyUpserted#version()}
 */
public record TaskForceUpserted(String id, String name, String program, String area, Long version) {

    public TaskForceUpserted(String id, String name, String program, String area) {
        this(id, name, program, area, null);
    }
}
