package taskforce.intake.lead;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.Location;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.platform.web.PlainText;

/**
 * A lead as an agency submits it. Text fields hold what a person could type ({@link PlainText}); the narrative
 * may have line breaks. The ids may not contain '|', because intake keys its idempotency and
 * duplicate checks as {@code agencyId|…} and the agency id must end at the first '|'.
 *
 * <p>Who submits is what the access token says, not the body: {@code agencyId} and {@code submittedBy} are kept
 * for compatibility and may be left out; when given, they must repeat the token's values (see {@link Submitter}),
 * or the submission is refused with 403 naming the field.
 */
public record LeadSubmissionRequest(
        @Schema(
                description = "Optional: the token's agency_id is used. If given, it must be the token's"
                        + " agency, else 403.")
        @Size(max = 100)
        @Pattern(regexp = "[^|]*", message = "must not contain '|'")
        @PlainText
        String agencyId,

        @Schema(
                description = "Optional: a member's token gives its member_id, which must not be contradicted"
                        + " (403); an agency system may name the member it submits for (who must be a member"
                        + " of its agency), else its client id is recorded.")
        @Size(max = 100)
        @PlainText
        String submittedBy,

        @NotBlank @Size(max = 100) @Pattern(regexp = "[^|]*", message = "must not contain '|'") @PlainText
        String taskForceId,

        @NotBlank @Size(max = 64) @PlainText String agencyReference,
        @NotNull Priority priority,
        @NotBlank @Size(max = 200) @PlainText String summary,
        @Size(max = 20_000) @PlainText(lineBreaks = true) String narrative,
        @NotNull Instant occurredAt,
        @Valid LocationInput location,
        @Size(max = 50) List<@NotNull @Valid SubjectInput> subjects,
        @Size(max = 50) List<@NotNull @Valid IdentifierInput> identifiers) {

    /** This request as the token's identity makes it: the agency and submitter the lead is recorded with. */
    LeadSubmissionRequest withIdentity(String agency, String submitter) {
        return new LeadSubmissionRequest(
                agency,
                submitter,
                taskForceId,
                agencyReference,
                priority,
                summary,
                narrative,
                occurredAt,
                location,
                subjects,
                identifiers);
    }

    public record LocationInput(
            @Size(max = 500) @PlainText String address,
            @Size(max = 100) @PlainText String city,
            @Size(max = 50) @PlainText String state,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude) {

        Location toLocation() {
            return new Location(address, city, state, latitude, longitude);
        }
    }

    public record SubjectInput(
            @NotBlank @Size(max = 200) @PlainText String name,
            LocalDate dateOfBirth,
            @NotNull SubjectRole role,

            @Schema(description = "Optional: other names the person is known by; matched like the name.")
            @Size(max = 20)
            List<@NotBlank @Size(max = 200) @PlainText String> aliases) {

        public SubjectInput(String name, LocalDate dateOfBirth, SubjectRole role) {
            this(name, dateOfBirth, role, null);
        }

        Subject toSubject() {
            return new Subject(name, dateOfBirth, role, aliases);
        }
    }

    public record IdentifierInput(
            @NotNull IdentifierType type,
            @NotBlank @Size(max = 200) @PlainText String value) {

        Identifier toIdentifier() {
            return new Identifier(type, value);
        }
    }
}
