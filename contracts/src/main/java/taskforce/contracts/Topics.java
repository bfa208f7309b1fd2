package taskforce.contracts;

import java.util.List;

/** The typed catalogue of topics; listeners and producers name topics through it, never by string. */
public final class Topics {

    public static final String LEADS_NAME = "taskforce.leads.v1";
    public static final String LEAD_TRIAGE_NAME = "taskforce.lead-triage.v1";
    public static final String CASES_NAME = "taskforce.cases.v1";
    public static final String DIRECTORY_NAME = "taskforce.directory.v1";
    public static final String AUDIT_NAME = "taskforce.audit.v1";

    public static final Topic LEADS = new Topic(LEADS_NAME, "lead id", false);
    public static final Topic LEAD_TRIAGE = new Topic(LEAD_TRIAGE_NAME, "lead id", false);
    public static final Topic CASES = new Topic(CASES_NAME, "case id", false);
    public static final Topic DIRECTORY = new Topic(DIRECTORY_NAME, "entity id", true);
    public static final Topic AUDIT = new Topic(AUDIT_NAME, "object id", false);

    public static final List<Topic> ALL = List.of(LEADS, LEAD_TRIAGE, CASES, DIRECTORY, AUDIT);

    private Topics() {}
}
