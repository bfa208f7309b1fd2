package taskforce.contracts.directory;

public enum AgencyType {
    LOCAL,
    COUNTY,
    STATE,
    TRIBAL,
    FEDERAL
}
