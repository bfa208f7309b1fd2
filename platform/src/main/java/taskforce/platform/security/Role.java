package taskforce.platform.security;

/**
 * What a caller may be, as the token's {@code roles} claim says. MEMBER and COORDINATOR are people of a task
 * force; AGENCY_ADMIN manages an agency's subscriptions; AGENCY_SYSTEM is an agency's own system calling with
 * client credentials (it submits leads and manages subscriptions for its agency); ADMIN administers the system
 * (directory, audit trail, dead letters); OPERATOR runs it: metrics and the other actuator endpoints, no case
 * content.
 */
public enum Role {
    MEMBER,
    COORDINATOR,
    AGENCY_ADMIN,
    AGENCY_SYSTEM,
    ADMIN,
    OPERATOR
}
