package taskforce.contracts.cases;

public enum SeizureUnit {
    EACH,
    USD,
    LB,
    KG
}
