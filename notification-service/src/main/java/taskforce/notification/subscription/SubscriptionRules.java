package taskforce.notification.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;
import taskforce.platform.web.PlainTextValidator;

/** What a subscription request must satisfy; the first violation names the field. */
public final class SubscriptionRules {

    public record Violation(String field, String message) {}

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final int MAX_URL = 2048;
    private static final int MAX_EMAIL = 254;

    private SubscriptionRules() {}

    public static Optional<Violation> check(SubscriptionRequest request) {
        if (blank(request.agencyId())) {
            return violation("agencyId", "is required");
        }
        Optional<Violation> hidden = notPlain(request);
        if (hidden.isPresent()) {
            return hidden;
        }
        SubscriptionScope scope = request.scope();
        if (scope == null) {
            return violation("scope", "is required: {caseId} or {taskForceId}");
        }
        if (blank(scope.caseId()) == blank(scope.taskForceId())) {
            return violation("scope", "must name exactly one of caseId and taskForceId");
        }
        Channel channel = request.channel();
        if (channel == null) {
            return violation("channel", "is required");
        }
        if (channel.type() == null) {
            return violation("channel.type", "is required: WEBHOOK, EMAIL or INBOX");
        }
        return switch (channel.type()) {
            case WEBHOOK -> checkWebhook(channel);
            case EMAIL -> checkEmail(channel);
            case INBOX -> checkInbox(channel);
        };
    }

    /** The first field with control or invisible formatting characters. */
    private static Optional<Violation> notPlain(SubscriptionRequest request) {
        SubscriptionScope scope = request.scope();
        Channel channel = request.channel();
        String[][] fields = {
            {"agencyId", request.agencyId()},
            {"scope.caseId", scope == null ? null : scope.caseId()},
            {"scope.taskForceId", scope == null ? null : scope.taskForceId()},
            {"channel.url", channel == null ? null : channel.url()},
            {"channel.address", channel == null ? null : channel.address()},
            {"channel.memberId", channel == null ? null : channel.memberId()}
        };
        for (String[] field : fields) {
            if (!PlainTextValidator.isPlain(field[1], false)) {
                return violation(field[0], "must not contain control or invisible formatting characters");
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> checkWebhook(Channel channel) {
        if (blank(channel.url())) {
            return violation("channel.url", "is required for WEBHOOK");
        }
        if (channel.url().length() > MAX_URL) {
            return violation("channel.url", "must be at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(channel.url());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || blank(uri.getHost())) {
                return violation("channel.url", "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            return violation("channel.url", "must be an absolute http or https URL");
        }
        if (channel.secret() != null) {
            try {
                WebhookSecrets.key(channel.secret());
            } catch (IllegalArgumentException e) {
                return violation("channel.secret", e.getMessage());
            }
        }
        return unused(channel.address(), "channel.address", "WEBHOOK")
                .or(() -> unused(channel.memberId(), "channel.memberId", "WEBHOOK"));
    }

    private static Optional<Violation> checkEmail(Channel channel) {
        if (blank(channel.address())) {
            return violation("channel.address", "is required for EMAIL");
        }
        if (channel.address().length() > MAX_EMAIL
                || !EMAIL.matcher(channel.address()).matches()) {
            return violation("channel.address", "must be a well-formed e-mail address");
        }
        return unused(channel.url(), "channel.url", "EMAIL")
                .or(() -> unused(channel.secret(), "channel.secret", "EMAIL"))
                .or(() -> unused(channel.memberId(), "channel.memberId", "EMAIL"));
    }

    private static Optional<Violation> checkInbox(Channel channel) {
        if (blank(channel.memberId())) {
            return violation("channel.memberId", "is required for INBOX");
        }
        return unused(channel.url(), "channel.url", "INBOX")
                .or(() -> unused(channel.secret(), "channel.secret", "INBOX"))
                .or(() -> unused(channel.address(), "channel.address", "INBOX"));
    }

    private static Optional<Violation> unused(String value, String field, String type) {
        return value == null ? Optional.empty() : violation(field, "is not used by " + type + " channels");
    }

    private static Optional<Violation> violation(String field, String message) {
        return Optional.of(new Violation(field, message));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
