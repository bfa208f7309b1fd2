package taskforce.intake.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.directory.AgencyType;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;
import taskforce.intake.directory.SubmissionEligibility.Refusal;

class SubmissionEligibilityTest {

    static final LocalDate TODAY = LocalDate.parse("2026-11-24");
    static final AgencyUpserted HOUSTON = new AgencyUpserted("houston-pd", "Houston PD", AgencyType.LOCAL, "TX");
    static final TaskForceUpserted GANG =
            new TaskForceUpserted("gang-la", "Community Shield LA", "GANG", "Los Angeles");
    static final MemberUpserted OFFICER =
            new MemberUpserted("m-1", "Officer", "houston-pd", null, List.of("gang-la"), MemberRole.MEMBER);

    static AgreementUpserted agreement(String id, AgreementStatus status, String from, String to) {
        return new AgreementUpserted(
                id,
                "houston-pd",
                "gang-la",
                status,
                from == null ? null : LocalDate.parse(from),
                to == null ? null : LocalDate.parse(to));
    }

    private static Optional<Refusal> assess(
            Optional<AgencyUpserted> agency,
            Optional<TaskForceUpserted> taskForce,
            Optional<MemberUpserted> member,
            List<AgreementUpserted> agreements) {
        return SubmissionEligibility.assess(
                "houston-pd", agency, "gang-la", taskForce, "m-1", member, agreements, TODAY);
    }

    private static Optional<Refusal> assess(List<AgreementUpserted> agreements) {
        return assess(Optional.of(HOUSTON), Optional.of(GANG), Optional.of(OFFICER), agreements);
    }

    @Nested
    class AgreementInForce {

        @Test
        void isActiveAndWithinItsDatesIncludingBothEnds() {
            assertThat(agreement("a", AgreementStatus.ACTIVE, "2026-11-24", "2026-11-24")
                            .inForceOn(TODAY))
                    .isTrue();
            assertThat(agreement("a", AgreementStatus.ACTIVE, null, null).inForceOn(TODAY))
                    .isTrue();
            assertThat(assess(List.of(agreement("a", AgreementStatus.ACTIVE, "2025-10-01", "2027-09-30"))))
                    .isEmpty();
        }

        @Test
        void isEnoughWhenOneOfSeveralAgreementsIsInForce() {
            assertThat(assess(List.of(
                            agreement("old", AgreementStatus.EXPIRED, "2020-01-01", "2021-01-01"),
                            agreement("new", AgreementStatus.ACTIVE, "2026-01-01", null))))
                    .isEmpty();
        }

        @Test
        void isMissingWhenSuspended() {
            assertThat(assess(List.of(agreement("a", AgreementStatus.SUSPENDED, "2025-01-01", null))))
                    .contains(new Refusal(
                            "taskForceId",
                            "houston-pd has no ACTIVE agreement with task force gang-la (agreement is SUSPENDED)"));
        }

        @Test
        void isMissingWhenActiveButPastItsEndDate() {
            assertThat(assess(List.of(agreement("a", AgreementStatus.ACTIVE, "2024-01-01", "2026-11-23"))))
                    .get()
                    .extracting(Refusal::reason)
                    .asString()
                    .endsWith("(agreement ended on 2026-11-23)");
        }

        @Test
        void isMissingWhenNotYetInEffect() {
            assertThat(assess(List.of(agreement("a", AgreementStatus.ACTIVE, "2026-11-25", null))))
                    .get()
                    .extracting(Refusal::reason)
                    .asString()
                    .endsWith("(agreement takes effect on 2026-11-25)");
        }

        @Test
        void isMissingWhenThereIsNone() {
            assertThat(assess(List.of()))
                    .get()
                    .extracting(Refusal::reason)
                    .asString()
                    .endsWith("(there is no agreement)");
        }

        @Test
        void namesEveryAgreementWhenThereAreSeveral() {
            assertThat(assess(List.of(
                            agreement("moa-2", AgreementStatus.EXPIRED, null, null),
                            agreement("moa-1", AgreementStatus.SUSPENDED, null, null))))
                    .get()
                    .extracting(Refusal::reason)
                    .asString()
                    .endsWith("(agreements: moa-1 is SUSPENDED, moa-2 is EXPIRED)");
        }
    }

    @Nested
    class Directory {

        @Test
        void refusesAnUnknownAgency() {
            assertThat(assess(Optional.empty(), Optional.of(GANG), Optional.of(OFFICER), List.of()))
                    .contains(new Refusal("agencyId", "unknown agency houston-pd"));
        }

        @Test
        void refusesAnUnknownTaskForce() {
            assertThat(assess(Optional.of(HOUSTON), Optional.empty(), Optional.of(OFFICER), List.of()))
                    .contains(new Refusal("taskForceId", "unknown task force gang-la"));
        }

        @Test
        void refusesAnUnknownMember() {
            assertThat(assess(Optional.of(HOUSTON), Optional.of(GANG), Optional.empty(), List.of()))
                    .contains(new Refusal("submittedBy", "unknown member m-1"));
        }

        @Test
        void refusesAMemberOfAnotherAgency() {
            MemberUpserted stranger =
                    new MemberUpserted("m-1", "Stranger", "dallas-pd", null, List.of("gang-la"), MemberRole.MEMBER);
            assertThat(assess(Optional.of(HOUSTON), Optional.of(GANG), Optional.of(stranger), List.of()))
                    .contains(new Refusal("submittedBy", "member m-1 belongs to agency dallas-pd, not to houston-pd"));
        }

        @Test
        void checksNoMemberForAnAgencySystemSubmittingUnderItsOwnName() {
            List<AgreementUpserted> inForce = List.of(agreement("a", AgreementStatus.ACTIVE, null, null));
            assertThat(SubmissionEligibility.assess(
                            "houston-pd",
                            Optional.of(HOUSTON),
                            "gang-la",
                            Optional.of(GANG),
                            null,
                            Optional.empty(),
                            inForce,
                            TODAY))
                    .isEmpty();
            assertThat(SubmissionEligibility.assess(
                            "houston-pd",
                            Optional.of(HOUSTON),
                            "gang-la",
                            Optional.of(GANG),
                            null,
                            Optional.empty(),
                            List.of(),
                            TODAY))
                    .contains(new Refusal(
                            "taskForceId",
                            "houston-pd has no ACTIVE agreement with task force gang-la (there is no agreement)"));
        }
    }
}
