package taskforce.notification.cases;

import taskforce.contracts.EventCodec;
import taskforce.contracts.cases.CaseNotice;
import taskforce.contracts.cases.CaseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two forms in which a subscription receives a case event (see {@code DisseminationRule}): the full one, with
 * the case's content, and the thin one, which says only what happened to which case of which task force, where it
 * stands and when. Both are made when the event arrives and stored on the delivery; which one goes out is decided
 * at each attempt.
 */
final class CaseEventForms {

    private static final String DETAILS =
            "Details are not sent by e-mail: read the case in case-service with your agency's own credentials"
                    + " (GET /api/cases/";

    private CaseEventForms() {}

    /**
     * The event as received, its {@code data} replaced by a {@link CaseNotice} and {@code dataschema} naming the
     * thin form; every other attribute (id, type, source, subject, time, extensions) is kept.
     */
    static String thinWebhookBody(String receivedJson, CaseEvent event, CaseStatus status) {
        ObjectNode envelope = (ObjectNode) EventCodec.instance().mapper().readTree(receivedJson);
        envelope.put("dataschema", CaseNotice.SCHEMA);
        JsonNode data = EventCodec.instance()
                .mapper()
                .valueToTree(CaseNotice.of(event.caseId(), event.caseNumber(), event.taskForceId(), status));
        envelope.set("data", data);
        return EventCodec.instance().mapper().writeValueAsString(envelope);
    }

    static String thinEmailSubject(CaseEvent event) {
        return "Case " + event.caseNumber() + ": " + event.type();
    }

    static String thinEmailText(CaseEvent event, CaseStatus status) {
        return "Case: " + event.caseNumber() + " (" + event.caseId() + ")"
                + "\nTask force: " + event.taskForceId()
                + (status == null ? "" : "\nStatus: " + status)
                + "\nEvent: " + event.type() + (event.time() == null ? "" : " at " + event.time())
                + "\n\n" + DETAILS + event.caseId() + ").\n";
    }

    /** The headline, the case lines and the event's data as published. */
    static String fullEmailText(CaseEvent event, JsonNode data) {
        return event.describe(null, event.headline())
                + "\nDetails:\n"
                + EventCodec.instance()
                        .mapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(data)
                + "\n";
    }
}
