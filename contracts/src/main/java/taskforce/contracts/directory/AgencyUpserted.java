package taskforce.contracts.directory;

public record AgencyUpserted(String id, String name, AgencyType type, String state) {}
