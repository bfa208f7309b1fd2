package taskforce.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseOpened;

/**
 * The leads of a case as its reader may see them. Which agency submitted each lead and when it came to the case
 * are the case's own record (its opening and each link, in the timeline every reader of the case reads); the lead
 * itself (summary, narrative, where and when it happened) is readable in full by its own agency only, so only the
 * reader's own agency's leads are read from intake, and only those are linked to their page.
 */
final class LinkedLeads {

    /**
     * One lead of the case: {@code lead} is intake's record, present only for the reader's own agency's leads.
     *
     * @param openedTheCase the lead that opened the case rather than one that joined it later
     */
    record LinkedLead(String leadId, String agencyId, Instant cameAt, boolean openedTheCase, Map<String, Object> lead) {

        public boolean readable() {
            return lead != null;
        }

        /** Where the lead says it happened, when the reader may know and the lead says it by coordinates. */
        public Optional<double[]> coordinates() {
            if (lead == null || !(lead.get("location") instanceof Map<?, ?> location)) {
                return Optional.empty();
            }
            if (location.get("latitude") instanceof Number latitude
                    && location.get("longitude") instanceof Number longitude) {
                return Optional.of(new double[] {latitude.doubleValue(), longitude.doubleValue()});
            }
            return Optional.empty();
        }
    }

    private LinkedLeads() {}

    /**
     * The case's leads in the order they came, from its timeline; {@code ownLead} reads a lead of the reader's own
     * agency from intake (empty when intake does not answer).
     */
    static List<LinkedLead> of(
            List<Map<String, Object>> timeline,
            String readerAgencyId,
            Function<String, Optional<Map<String, Object>>> ownLead) {
        List<LinkedLead> leads = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> entry : timeline) {
            Optional<CaseEventData> event = TimelineSentences.decode(entry);
            String leadId;
            String agencyId;
            Instant at;
            boolean opened;
            if (event.isPresent() && event.get() instanceof CaseOpened o) {
                leadId = o.leadId();
                agencyId = o.agencyId();
                at = o.openedAt();
                opened = true;
            } else if (event.isPresent() && event.get() instanceof CaseLeadLinked l) {
                leadId = l.leadId();
                agencyId = l.agencyId();
                at = l.linkedAt();
                opened = false;
            } else {
                continue;
            }
            if (leadId == null || !seen.add(leadId)) {
                continue;
            }
            boolean own = readerAgencyId != null && readerAgencyId.equals(agencyId);
            leads.add(new LinkedLead(
                    leadId, agencyId, at, opened, own ? ownLead.apply(leadId).orElse(null) : null));
        }
        return leads;
    }
}
