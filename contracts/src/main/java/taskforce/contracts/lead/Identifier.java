package taskforce.contracts.lead;

/** An identifier as the submitting officer wrote it; consumers normalise it for matching. */
public record Identifier(IdentifierType type, String value) {}
