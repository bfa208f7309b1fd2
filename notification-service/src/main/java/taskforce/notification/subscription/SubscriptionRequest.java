package taskforce.notification.subscription;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A subscription as requested. {@code agencyId} may be omitted: the caller's token names the agency, and a value
 * that contradicts it is refused (403); it stays in the API for existing clients.
 */
public record SubscriptionRequest(
        @Schema(
                description = "Optional: the agency of the caller's token is used; a different value is"
                        + " refused with 403",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        String agencyId,

        SubscriptionScope scope,
        Channel channel) {}
