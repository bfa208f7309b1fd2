package taskforce.contracts.cases;

public enum SeizureCategory {
    FIREARMS,
    CURRENCY,
    NARCOTICS,
    VEHICLES,
    DOCUMENTS,
    OTHER
}
