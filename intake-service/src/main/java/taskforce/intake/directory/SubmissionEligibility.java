package taskforce.intake.directory;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.contracts.directory.TaskForceUpserted;

/**
 * Whether an agency's officer may submit a lead to a task force, judged on what the directory says: the agency
 * and the task force exist, the officer belongs to the agency, and an agreement between the two is in force. An
 * agency system submitting under its own name (no {@code memberId}) names no officer to check.
 */
public final class SubmissionEligibility {

    private SubmissionEligibility() {}

    /** Why a submission is refused, naming the request field the refusal is about. */
    public record Refusal(String field, String reason) {}

    public static Optional<Refusal> assess(
            String agencyId,
            Optional<AgencyUpserted> agency,
            String taskForceId,
            Optional<TaskForceUpserted> taskForce,
            String memberId,
            Optional<MemberUpserted> member,
            List<AgreementUpserted> agreements,
            LocalDate day) {
        if (agency.isEmpty()) {
            return refuse("agencyId", "unknown agency " + agencyId);
        }
        if (taskForce.isEmpty()) {
            return refuse("taskForceId", "unknown task force " + taskForceId);
        }
        if (memberId != null && member.isEmpty()) {
            return refuse("submittedBy", "unknown member " + memberId);
        }
        if (memberId != null && !agencyId.equals(member.get().agencyId())) {
            return refuse(
                    "submittedBy",
                    "member " + memberId + " belongs to agency " + member.get().agencyId() + ", not to " + agencyId);
        }
        if (agreements.stream().anyMatch(agreement -> agreement.inForceOn(day))) {
            return Optional.empty();
        }
        return refuse(
                "taskForceId",
                agencyId + " has no ACTIVE agreement with task force " + taskForceId + " ("
                        + whyNotInForce(agreements, day) + ")");
    }

    static String whyNotInForce(List<AgreementUpserted> agreements, LocalDate day) {
        if (agreements.isEmpty()) {
            return "there is no agreement";
        }
        if (agreements.size() == 1) {
            return "agreement " + state(agreements.get(0), day);
        }
        return "agreements: "
                + agreements.stream()
                        .sorted(Comparator.comparing(AgreementUpserted::id))
                        .map(agreement -> agreement.id() + " " + state(agreement, day))
                        .collect(Collectors.joining(", "));
    }

    private static String state(AgreementUpserted agreement, LocalDate day) {
        if (agreement.status() != AgreementStatus.ACTIVE) {
            return "is " + agreement.status();
        }
        if (agreement.effectiveFrom() != null && day.isBefore(agreement.effectiveFrom())) {
            return "takes effect on " + agreement.effectiveFrom();
        }
        return "ended on " + agreement.effectiveTo();
    }

    private static Optional<Refusal> refuse(String field, String reason) {
        return Optional.of(new Refusal(field, reason));
    }
}
