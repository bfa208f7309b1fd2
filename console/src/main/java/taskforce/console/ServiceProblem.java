package taskforce.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.client.RestClientResponseException;

/**
 * A service's refusal (RFC 9457 problem details) as a page shows it: one message per field the service named
 * ({@code errors[].field} or {@code field}), so the form puts each at its input, and a summary for the rest.
 */
public record ServiceProblem(int status, String title, String detail, Map<String, String> fieldErrors) {

    static ServiceProblem of(RestClientResponseException refusal) {
        Map<String, Object> body = null;
        try {
            body = refusal.getResponseBodyAs(Services.OBJECT);
        } catch (RuntimeException notJson) {
            // the summary below still says what happened
        }
        if (body == null) {
            body = Map.of();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                if (error instanceof Map<?, ?> entry && entry.get("field") != null) {
                    fields.putIfAbsent(String.valueOf(entry.get("field")), String.valueOf(entry.get("message")));
                }
            }
        }
        Object detail = body.get("detail");
        if (body.get("field") instanceof String field && !fields.containsKey(field)) {
            fields.put(field, detail == null ? "is not accepted" : String.valueOf(detail));
        }
        Object title = body.get("title");
        return new ServiceProblem(
                refusal.getStatusCode().value(),
                title == null ? refusal.getStatusText() : String.valueOf(title),
                detail == null ? refusal.getStatusText() : String.valueOf(detail),
                fields);
    }

    public String summary() {
        return detail == null || detail.isBlank() ? title : detail;
    }
}
