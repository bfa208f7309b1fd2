package taskforce.cases.directory;

/** A task force program (BEST, GANG, …), kept as data so that a new program needs no release. */
public record Program(String id, String name) {}
