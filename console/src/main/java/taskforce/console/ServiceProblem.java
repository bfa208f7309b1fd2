package taskforce.console;

import java.util.Map;

/**
 * A service's refusal (RFC 9457 problem details) as a page shows it: one message per field the service named, so
 * the form puts each at its input, and a summary for the rest. {@link Services#problem} reads it from the refusal.
 */
public record ServiceProblem(int status, String title, String detail, Map<String, String> fieldErrors) {

    public String summary() {
        return detail == null || detail.isBlank() ? title : detail;
    }
}
