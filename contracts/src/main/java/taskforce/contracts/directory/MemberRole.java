package taskforce.contracts.directory;

public enum MemberRole {
    MEMBER,
    COORDINATOR
}
