package taskforce.intake.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.refusal.Refusal;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

class SubmitterTest {

    static final Caller GARZA = new Caller(
            "hpd-officer-garza",
            Set.of(Role.MEMBER),
            "houston-pd",
            "hpd-officer-garza",
            List.of("best-houston"),
            "127.0.0.1");
    static final Caller HOUSTON_SYSTEM =
            new Caller("houston-pd-system", Set.of(Role.AGENCY_SYSTEM), "houston-pd", null, List.of(), "127.0.0.1");

    private static LeadSubmissionRequest body(String agencyId, String submittedBy) {
        return LeadSubmissionRulesTest.valid().withIdentity(agencyId, submittedBy);
    }

    private static Forbidden refusal(Caller caller, LeadSubmissionRequest body) {
        try {
            Submitter.of(caller, body);
        } catch (Forbidden refused) {
            return refused;
        }
        throw new AssertionError("expected a refusal");
    }

    @Nested
    class Members {

        @Test
        void submitAsThemselvesForTheirAgencyWhetherTheBodySaysSoOrNot() {
            assertThat(Submitter.of(GARZA, body(null, null)))
                    .isEqualTo(new Submitter("houston-pd", "hpd-officer-garza", true));
            assertThat(Submitter.of(GARZA, body("houston-pd", "hpd-officer-garza")))
                    .isEqualTo(new Submitter("houston-pd", "hpd-officer-garza", true));
        }

        @Test
        void areRefusedWhenTheBodyNamesAnotherAgencyOrMember() {
            Forbidden agency = refusal(GARZA, body("dallas-pd", null));
            Forbidden member = refusal(GARZA, body(null, "dpd-officer-lee"));

            assertThat(agency.kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
            assertThat(agency.field()).isEqualTo("agencyId");
            assertThat(Submitter.refusalReason(agency)).isEqualTo("agencyId does not match the caller's token");
            assertThat(member.kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
            assertThat(member.field()).isEqualTo("submittedBy");
        }

        @Test
        void areRefusedWhenTheTokenNamesNoMember() {
            Caller anonymousMember =
                    new Caller("someone", Set.of(Role.MEMBER), "houston-pd", null, List.of(), "127.0.0.1");
            assertThat(refusal(anonymousMember, body(null, null)).field()).isEqualTo("submittedBy");
        }
    }

    @Nested
    class AgencySystems {

        @Test
        void submitUnderTheirClientIdOrForTheMemberTheyName() {
            assertThat(Submitter.of(HOUSTON_SYSTEM, body(null, null)))
                    .isEqualTo(new Submitter("houston-pd", "houston-pd-system", false));
            assertThat(Submitter.of(HOUSTON_SYSTEM, body(null, "hpd-officer-garza")))
                    .isEqualTo(new Submitter("houston-pd", "hpd-officer-garza", true));
        }

        @Test
        void areRefusedForAnotherAgency() {
            assertThat(refusal(HOUSTON_SYSTEM, body("dallas-pd", null)).field()).isEqualTo("agencyId");
        }
    }

    @Nested
    class OtherRoles {

        @Test
        void mayNotSubmitAtAll() {
            Caller agencyAdmin =
                    new Caller("houston-pd-admin", Set.of(Role.AGENCY_ADMIN), "houston-pd", null, List.of(), null);
            Caller admin = new Caller("admin", Set.of(Role.ADMIN), null, null, List.of(), null);

            for (Caller caller : List.of(agencyAdmin, admin)) {
                Forbidden refused = refusal(caller, body(null, null));
                assertThat(refused.kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
                assertThat(Submitter.refusalReason(refused)).isEqualTo("the caller's role may not submit leads");
            }
        }

        @Test
        void needAnAgencyInTheToken() {
            Caller noAgency = new Caller("x", Set.of(Role.AGENCY_SYSTEM), null, null, List.of(), null);
            assertThatThrownBy(() -> Submitter.of(noAgency, body(null, null)))
                    .isInstanceOf(Forbidden.class)
                    .extracting(refused -> ((Forbidden) refused).field())
                    .isEqualTo("agencyId");
        }
    }
}
