package taskforce.cases.directory;

/** {@code area} reads "City, ST"; its city gives the area code of case numbers. */
public record TaskForce(String id, String name, String program, String area) {}
