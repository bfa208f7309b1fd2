package taskforce.console;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A case page's review form as it was posted: the decision ({@value #VALIDATED} or {@value #PURGE}, as case-service
 * takes them), the reason, and for a purge the case number typed again. A purge erases the case for good, so the
 * console sends one only when the number typed is the case's own; no script is needed for that, and the label says
 * what to type. Flashed back to the form when refused, so the reader does not type the reason twice (the typed number
 * is not kept: each purge is confirmed anew). Serializable, as flash attributes live in the session in the store.
 */
public record ReviewForm(String decision, String reason, String confirmCaseNumber) implements Serializable {

    public static final String VALIDATED = "VALIDATED";
    public static final String PURGE = "PURGE";

    /** The confirmation's field, as the page names it among the review form's fields. */
    static final String CONFIRM_FIELD = "confirmCaseNumber";

    public boolean isPurge() {
        return PURGE.equals(decision);
    }

    /** The number typed is the case's, give or take spaces around it and the letters' case. */
    boolean confirms(String caseNumber) {
        return caseNumber != null
                && !caseNumber.isBlank()
                && confirmCaseNumber != null
                && confirmCaseNumber
                        .strip()
                        .toUpperCase(Locale.ROOT)
                        .equals(caseNumber.strip().toUpperCase(Locale.ROOT));
    }

    /** What the form says at the confirmation when a purge is not confirmed. */
    static String unconfirmed(String caseNumber) {
        return "Type the case number, " + caseNumber + ", to purge the case; nothing was purged.";
    }

    /** The body of {@code POST /api/cases/{caseId}/reviews}: blanks as absent, so case-service names what is missing. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", blankToNull(decision));
        body.put("reason", blankToNull(reason));
        return body;
    }

    /** The form as it goes back to the page after a refusal: decision and reason, not the confirmation. */
    ReviewForm toRefill() {
        return new ReviewForm(decision, reason, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
