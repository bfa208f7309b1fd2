package taskforce.contracts.cases;

import taskforce.contracts.lead.IdentifierType;

/**
 * An identifier as written on a lead and the canonical form triage matched it by (a phone in E.164, a plate as
 * {@code STATE:CHARACTERS} …), so that a case rebuilt from its events matches as the stored case does.
 */
public record NormalizedIdentifier(IdentifierType type, String value, String normalizedValue) {}
