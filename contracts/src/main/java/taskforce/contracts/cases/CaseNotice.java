package taskforce.contracts.cases;

/**
 * The thin form of any case event, as webhooks and e-mails carry it to an agency that the dissemination rule does
 * not entitle to the case's content: that something of the CloudEvent's {@code type} happened to the case at the
 * CloudEvent's {@code time}, which case, which task force and where the case stands — no subjects, identifiers,
 * notes, narratives, titles or contacts. The CloudEvent around it keeps the event's {@code id}, {@code type},
 * {@code source}, {@code subject} and {@code time} and names {@link #SCHEMA} as its {@code dataschema}; the receiver
 * reads the case itself from case-service with its own token, where the read is authorised and audited.
 * {@code status} is absent while the case's status is not known to the sender. Not a case event itself (the
 * sealed {@link CaseEventData} lists what happens to a case): a form of any of them.
 */
public record CaseNotice(String caseId, String caseNumber, String taskForceId, CaseStatus status, boolean withheld) {

    public static final String NAME = "case-notice.v1";

    /** The {@code dataschema} of a CloudEvent whose data is a notice: receivers tell the two forms apart by it. */
    public static final String SCHEMA = "https://taskforce.example/schemas/" + NAME + ".json";

    public static CaseNotice of(String caseId, String caseNumber, String taskForceId, CaseStatus status) {
        return new CaseNotice(caseId, caseNumber, taskForceId, status, true);
    }
}
