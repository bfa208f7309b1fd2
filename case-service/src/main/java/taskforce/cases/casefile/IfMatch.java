package taskforce.cases.casefile;

import taskforce.platform.refusal.InvalidField;

/** A request's {@code If-Match} header as the case version it expects; every case command reads it the same way. */
public final class IfMatch {

    private IfMatch() {}

    /** {@code 3}, {@code "3"} and {@code W/"3"} all mean version 3; no header means any version. */
    public static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "").trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidField("If-Match", "If-Match must be a case version such as \"3\", not " + ifMatch);
        }
    }
}
