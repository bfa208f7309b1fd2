package taskforce.contracts.cases;

public enum OutcomeType {
    ARREST,
    SEIZURE,
    VICTIM_IDENTIFIED,
    INDICTMENT,
    CONVICTION,
    REMOVAL
}
