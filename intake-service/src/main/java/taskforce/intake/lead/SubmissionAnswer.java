package taskforce.intake.lead;

/**
 * The answer to a submission, kept as sent ({@code body} is the JSON) so that a repeated request gets exactly the
 * same answer back.
 */
public record SubmissionAnswer(int status, String leadId, String body) {

    public String location() {
        return "/api/leads/" + leadId;
    }
}
