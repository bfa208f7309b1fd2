package taskforce.cases.directory;

import taskforce.contracts.directory.AgencyType;

public record Agency(String id, String name, AgencyType type, String state) {}
