package taskforce.cases.casefile;

import taskforce.contracts.cases.NormalizedIdentifier;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;

/** An identifier as first written on a lead, with the canonical form that triage matches on. */
public record CaseIdentifier(IdentifierType type, String value, String normalizedValue) {

    public static CaseIdentifier of(NormalizedIdentifier event) {
        return new CaseIdentifier(event.type(), event.value(), event.normalizedValue());
    }

    public Identifier asWritten() {
        return new Identifier(type, value);
    }

    /** Both forms, as case events carry them. */
    public NormalizedIdentifier asEvent() {
        return new NormalizedIdentifier(type, value, normalizedValue);
    }

    public boolean sameAs(CaseIdentifier other) {
        return type == other.type && normalizedValue.equals(other.normalizedValue);
    }
}
