package taskforce.contracts.lead;

public enum SubjectRole {
    SUSPECT,
    VICTIM,
    WITNESS,
    ASSOCIATE
}
