package taskforce.contracts.directory;

/** {@code program} is a program code (BEST, GANG, HSTF, CETF, DBFTF, …): an open list kept as data. */
public record TaskForceUpserted(String id, String name, String program, String area) {}
