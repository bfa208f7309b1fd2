package taskforce.contracts.directory;

public enum AgreementStatus {
    ACTIVE,
    SUSPENDED,
    EXPIRED
}
