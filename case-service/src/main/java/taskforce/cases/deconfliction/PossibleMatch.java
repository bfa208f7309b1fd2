package taskforce.cases.deconfliction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import taskforce.cases.casefile.CaseIdentifier;
import taskforce.contracts.lead.Subject;

/**
 * Two open cases whose subjects may be one person ({@link PersonMatcher.NearMiss}: the same given name and date of
 * birth under another family name, or a whole name and a case that knows only one part of it): never joined on
 * their own, listed for a coordinator to decide. One per pair of
 * cases, so a pair decided as different people never comes back; the decision is taken once, for both sides.
 *
 * <p>It keeps what the lead that raised it brought ({@code lead}), so that a confirmation can link that lead to
 * the other case of its task force exactly as a match at triage would have.
 */
public record PossibleMatch(
        String id,
        RaisingLead lead,
        Side found,
        Side named,
        String leadName,
        String filedName,
        LocalDate dateOfBirth,
        String grounds,
        Instant foundAt,
        Decision decision,
        String decidedBy,
        Instant decidedAt) {

    /** Where a possible match stands. */
    public enum Decision {
        UNDECIDED,
        SAME_PERSON,
        DIFFERENT_PERSON
    }

    /** One case of the pair: {@code found} is where the raising lead went, {@code named} the case naming the other. */
    public record Side(String caseId, String caseNumber, String taskForceId, String coordinatorId) {}

    /** What the raising lead brought: enough to link it to the named case on confirmation. */
    public record RaisingLead(
            String leadId, String agencyId, List<Subject> subjects, List<CaseIdentifier> identifiers) {

        public RaisingLead {
            subjects = subjects == null ? List.of() : List.copyOf(subjects);
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }
    }

    public Optional<Side> side(String caseId) {
        if (found.caseId().equals(caseId)) {
            return Optional.of(found);
        }
        return named.caseId().equals(caseId) ? Optional.of(named) : Optional.empty();
    }

    public Side otherSide(String caseId) {
        return found.caseId().equals(caseId) ? named : found;
    }

    public boolean withinOneTaskForce() {
        return found.taskForceId().equals(named.taskForceId());
    }

    /**
     * Why, as the given side may read it: both names within one task force, whose coordinator reads both cases;
     * across task forces the other side's name stays with its case, as a hit's content does.
     */
    public String reasonFor(String caseId) {
        boolean foundSide = found.caseId().equals(caseId);
        String mine = foundSide ? leadName : filedName;
        String theirs = withinOneTaskForce()
                ? (foundSide ? filedName : leadName)
                : "a subject of case " + otherSide(caseId).caseNumber();
        return "possible same person: " + mine + " ~ " + theirs + ", born " + dateOfBirth + " (" + grounds() + ")";
    }

    /** Why the two may be one person ({@link PersonMatcher.NearMiss}); the first kind for pairs stored before. */
    public String grounds() {
        return grounds == null ? PersonMatcher.NearMiss.OTHER_FAMILY_NAME : grounds;
    }

    PossibleMatch decide(Decision to, String by, Instant at) {
        return new PossibleMatch(
                id, lead, found, named, leadName, filedName, dateOfBirth, grounds, foundAt, to, by, at);
    }
}
