package taskforce.cases.casefile;

import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;

/** An identifier as first written on a lead, with the canonical form that triage matches on. */
public record CaseIdentifier(IdentifierType type, String value, String normalizedValue) {

    public Identifier asWritten() {
        return new Identifier(type, value);
    }

    public boolean sameAs(CaseIdentifier other) {
        return type == other.type && normalizedValue.equals(other.normalizedValue);
    }
}
