package taskforce.cases.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static taskforce.contracts.cases.CaseStatus.ACTIVE;
import static taskforce.contracts.cases.CaseStatus.ASSIGNED;
import static taskforce.contracts.cases.CaseStatus.CLOSED;
import static taskforce.contracts.cases.CaseStatus.OPEN;
import static taskforce.contracts.cases.CaseStatus.SUSPENDED;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import taskforce.cases.casefile.CaseRuleViolation.Kind;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseMergeProposed;
import taskforce.contracts.cases.CaseMerged;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseOutcomeRecorded;
import taskforce.contracts.cases.CasePriorityRaised;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.CaseReviewDue;
import taskforce.contracts.cases.CaseReviewed;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseTransferDecided;
import taskforce.contracts.cases.CaseTransferProposed;
import taskforce.contracts.cases.CaseTransferred;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.cases.MovedNote;
import taskforce.contracts.cases.MovedOutcome;
import taskforce.contracts.cases.NormalizedIdentifier;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.PurgeCause;
import taskforce.contracts.cases.Seizure;
import taskforce.contracts.cases.SeizureCategory;
import taskforce.contracts.cases.SeizureUnit;
import taskforce.contracts.cases.TransferDecision;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;

/** Given the events a case had, when a command arrives, then these events (or this refusal). */
class CaseTest {

    static final String CASE = "case-1";
    static final String NUMBER = "BEST-HOU-FY27-000001";
    static final String TF = "best-houston";
    static final String COORDINATOR = "best-coordinator-ramirez";
    static final String GARZA = "hpd-officer-garza";
    static final String NGUYEN = "hsi-agent-nguyen";
    static final String OUTSIDER = "lapd-detective-chen";
    static final Instant OPENED_AT = Instant.parse("2026-11-24T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-24T11:00:00Z");

    static final Roster ROSTER = new Roster() {
        @Override
        public boolean isMember(String memberId) {
            return Set.of(COORDINATOR, GARZA, NGUYEN).contains(memberId);
        }

        @Override
        public boolean isCoordinator(String memberId) {
            return COORDINATOR.equals(memberId);
        }

        @Override
        public boolean takesPart(String agencyId, java.time.LocalDate day) {
            return Set.of("houston-pd", "hsi", "dallas-pd").contains(agencyId);
        }
    };

    static CaseOpened opened() {
        return new CaseOpened(
                CASE,
                NUMBER,
                TF,
                "Phone tied to a stash house",
                Priority.ROUTINE,
                "lead-1",
                "houston-pd",
                List.of(new Subject("Juan Perez", null, SubjectRole.SUSPECT)),
                List.of(new Identifier(IdentifierType.PHONE, "+17135550100")),
                OPENED_AT);
    }

    static CaseAssigned assigned(String memberId) {
        return new CaseAssigned(CASE, NUMBER, TF, memberId, AssignmentRole.LEAD, COORDINATOR, OPENED_AT);
    }

    static CaseStatusChanged moved(CaseStatus from, CaseStatus to) {
        return new CaseStatusChanged(CASE, NUMBER, TF, from, to, "because", COORDINATOR, OPENED_AT);
    }

    /** The events that bring a new case to {@code status}. */
    static List<CaseEventData> historyTo(CaseStatus status) {
        List<CaseEventData> events = new ArrayList<>(List.of(opened()));
        if (status == OPEN) {
            return events;
        }
        if (status == CLOSED) {
            events.add(moved(OPEN, CLOSED));
            return events;
        }
        events.add(assigned(GARZA));
        events.add(moved(OPEN, ASSIGNED));
        if (status == ASSIGNED) {
            return events;
        }
        events.add(moved(ASSIGNED, ACTIVE));
        if (status == SUSPENDED) {
            events.add(moved(ACTIVE, SUSPENDED));
        }
        return events;
    }

    static Scenario given(CaseEventData... events) {
        return new Scenario(Case.replay(List.of(events)));
    }

    static Scenario given(List<CaseEventData> events) {
        return new Scenario(Case.replay(events));
    }

    record Scenario(Case state) {

        Outcome when(Function<Case, Case.Change> command) {
            return new Outcome(state, () -> command.apply(state));
        }
    }

    record Outcome(Case before, java.util.function.Supplier<Case.Change> command) {

        Case.Change then(CaseEventData... events) {
            Case.Change change = command.get();
            assertThat(change.events()).containsExactly(events);
            return change;
        }

        void thenRefused(Kind kind, String field) {
            ThrowableAssert.ThrowingCallable call = command::get;
            assertThatThrownBy(call).isInstanceOfSatisfying(CaseRuleViolation.class, v -> {
                assertThat(v.kind()).isEqualTo(kind);
                assertThat(v.field()).isEqualTo(field);
            });
        }
    }

    @Nested
    class Lifecycle {

        static Stream<Arguments> everyMove() {
            Set<List<CaseStatus>> legal = Set.of(
                    List.of(OPEN, ASSIGNED),
                    List.of(OPEN, CLOSED),
                    List.of(ASSIGNED, ACTIVE),
                    List.of(ACTIVE, SUSPENDED),
                    List.of(ACTIVE, CLOSED),
                    List.of(SUSPENDED, ACTIVE),
                    List.of(SUSPENDED, CLOSED));
            // MERGED is reached and left by no status change; a merge reaches it (see Merge)
            return Stream.of(CaseStatus.values())
                    .filter(from -> from != CaseStatus.MERGED)
                    .flatMap(from -> Stream.of(CaseStatus.values())
                            .map(to -> Arguments.of(from, to, legal.contains(List.of(from, to)))));
        }

        @ParameterizedTest(name = "{0} -> {1} legal: {2}")
        @MethodSource("everyMove")
        void allowsExactlyTheMovesOfTheLifecycle(CaseStatus from, CaseStatus to, boolean legal) {
            Outcome outcome =
                    given(historyTo(from)).when(c -> c.changeStatus(to, "closing reason", COORDINATOR, ROSTER, NOW));
            if (legal) {
                Case.Change change = outcome.then(
                        new CaseStatusChanged(CASE, NUMBER, TF, from, to, "closing reason", COORDINATOR, NOW));
                assertThat(change.next().status()).isEqualTo(to);
                assertThat(change.next().updatedAt()).isEqualTo(NOW);
            } else {
                outcome.thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            }
        }

        @Test
        void refusesAnIllegalMoveNamingTheLegalNextStates() {
            assertThatThrownBy(() ->
                            given(historyTo(ASSIGNED)).state().changeStatus(CLOSED, "done", COORDINATOR, ROSTER, NOW))
                    .isInstanceOfSatisfying(
                            CaseRuleViolation.class,
                            v -> assertThat(v.legalNext()).containsExactly(ACTIVE));
        }

        @Test
        void remembersWhenTheCaseClosed() {
            Case.Change closed = given(historyTo(ACTIVE))
                    .when(c -> c.changeStatus(CLOSED, "convicted", COORDINATOR, ROSTER, NOW))
                    .then(new CaseStatusChanged(CASE, NUMBER, TF, ACTIVE, CLOSED, "convicted", COORDINATOR, NOW));

            assertThat(closed.next().closedAt()).isEqualTo(NOW);
            assertThat(given(historyTo(ACTIVE)).state().closedAt()).isNull();
            assertThat(given(historyTo(CLOSED)).state().closedAt()).isEqualTo(OPENED_AT);
        }

        @Test
        void needsAReasonToClose() {
            given(historyTo(OPEN))
                    .when(c -> c.changeStatus(CLOSED, " ", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "reason");
        }

        @Test
        void letsOnlyACoordinatorChangeTheStatus() {
            given(historyTo(ASSIGNED))
                    .when(c -> c.changeStatus(ACTIVE, null, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
        }
    }

    @Nested
    class Assignment {

        @Test
        void firstAssignmentOfAnOpenCaseMovesItToAssigned() {
            Case.Change change = given(opened())
                    .when(c -> c.assign(GARZA, AssignmentRole.LEAD, COORDINATOR, ROSTER, NOW))
                    .then(
                            new CaseAssigned(CASE, NUMBER, TF, GARZA, AssignmentRole.LEAD, COORDINATOR, NOW),
                            new CaseStatusChanged(
                                    CASE, NUMBER, TF, OPEN, ASSIGNED, "first assignment", COORDINATOR, NOW));
            assertThat(change.next().status()).isEqualTo(ASSIGNED);
            assertThat(change.next().assignments())
                    .extracting(a -> a.memberId())
                    .containsExactly(GARZA);
        }

        @Test
        void laterAssignmentsLeaveTheStatusAlone() {
            given(historyTo(ACTIVE))
                    .when(c -> c.assign(NGUYEN, AssignmentRole.SUPPORT, COORDINATOR, ROSTER, NOW))
                    .then(new CaseAssigned(CASE, NUMBER, TF, NGUYEN, AssignmentRole.SUPPORT, COORDINATOR, NOW));
        }

        @Test
        void refusesAMemberOfAnotherTaskForce() {
            given(opened())
                    .when(c -> c.assign(OUTSIDER, AssignmentRole.LEAD, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_MEMBER, "memberId");
        }

        @Test
        void refusesAnAssignerWhoIsNoCoordinator() {
            given(opened())
                    .when(c -> c.assign(NGUYEN, AssignmentRole.LEAD, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
        }

        @Test
        void refusesAssigningTheSameMemberTwice() {
            given(opened(), assigned(GARZA))
                    .when(c -> c.assign(GARZA, AssignmentRole.SUPPORT, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ALREADY_ASSIGNED, "memberId");
        }

        @Test
        void refusesAssignmentsToAClosedCase() {
            given(historyTo(CLOSED))
                    .when(c -> c.assign(GARZA, AssignmentRole.LEAD, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
        }

        @Test
        void unassignsAnAssignedMember() {
            Case.Change change = given(opened(), assigned(GARZA))
                    .when(c -> c.unassign(GARZA, COORDINATOR, ROSTER, NOW))
                    .then(new CaseUnassigned(CASE, NUMBER, TF, GARZA, COORDINATOR, NOW));
            assertThat(change.next().assignments()).isEmpty();
        }

        @Test
        void refusesToUnassignSomeoneNotAssigned() {
            given(opened())
                    .when(c -> c.unassign(GARZA, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.NOT_ASSIGNED, "memberId");
        }
    }

    @Nested
    class NotesAndOutcomes {

        @Test
        void addsANoteByAMember() {
            Case.Change change = given(opened())
                    .when(c -> c.addNote("n1", "Surveillance set for Friday", GARZA, ROSTER, NOW))
                    .then(new CaseNoteAdded(CASE, NUMBER, TF, "n1", "Surveillance set for Friday", GARZA, NOW));
            assertThat(change.next().notes()).extracting(CaseNote::text).containsExactly("Surveillance set for Friday");
        }

        @Test
        void refusesANoteBySomeoneOutsideTheTaskForce() {
            given(opened())
                    .when(c -> c.addNote("n1", "hello", OUTSIDER, ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_MEMBER, "author");
        }

        @Test
        void recordsASeizureWithCategoryQuantityAndUnit() {
            Seizure cash = new Seizure(SeizureCategory.CURRENCY, new BigDecimal("48200"), SeizureUnit.USD);
            given(historyTo(ACTIVE))
                    .when(c -> c.recordOutcome(
                            "o1", OutcomeType.SEIZURE, 1, cash, "houston-pd", OPENED_AT, GARZA, ROSTER, NOW))
                    .then(new CaseOutcomeRecorded(
                            CASE, NUMBER, TF, "o1", OutcomeType.SEIZURE, 1, cash, "houston-pd", OPENED_AT, GARZA, NOW));
        }

        @Test
        void refusesASeizureWithoutAPositiveQuantity() {
            Seizure none = new Seizure(SeizureCategory.NARCOTICS, BigDecimal.ZERO, SeizureUnit.KG);
            given(opened())
                    .when(c -> c.recordOutcome("o1", OutcomeType.SEIZURE, 1, none, null, null, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "seizure.quantity");
            given(opened())
                    .when(c -> c.recordOutcome("o1", OutcomeType.SEIZURE, 1, null, null, null, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "seizure");
        }

        @Test
        void refusesACountBelowOne() {
            given(opened())
                    .when(c ->
                            c.recordOutcome("o1", OutcomeType.ARREST, 0, null, "houston-pd", null, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "count");
        }
    }

    @Nested
    class OutcomeBounds {

        private Outcome arrests(Integer count, String agencyId, Instant occurredAt) {
            return given(opened())
                    .when(c -> c.recordOutcome(
                            "o1", OutcomeType.ARREST, count, null, agencyId, occurredAt, GARZA, ROSTER, NOW));
        }

        private Outcome seizing(String quantity) {
            return given(opened())
                    .when(c -> c.recordOutcome(
                            "o1",
                            OutcomeType.SEIZURE,
                            1,
                            new Seizure(SeizureCategory.CURRENCY, new BigDecimal(quantity), SeizureUnit.USD),
                            "houston-pd",
                            NOW,
                            GARZA,
                            ROSTER,
                            NOW));
        }

        @Test
        void acceptsTheLargestCountAndQuantity() {
            assertThat(arrests(Case.MAX_OUTCOME_COUNT, "houston-pd", NOW)
                            .command()
                            .get()
                            .next()
                            .outcomes())
                    .singleElement()
                    .extracting(CaseOutcome::count)
                    .isEqualTo(Case.MAX_OUTCOME_COUNT);
            assertThat(seizing(Case.MAX_SEIZURE_QUANTITY.toPlainString())
                            .command()
                            .get()
                            .changed())
                    .isTrue();
        }

        @Test
        void refusesACountAboveTheMaximum() {
            arrests(Case.MAX_OUTCOME_COUNT + 1, "houston-pd", NOW).thenRefused(Kind.INVALID, "count");
            arrests(Integer.MAX_VALUE, "houston-pd", NOW).thenRefused(Kind.INVALID, "count");
        }

        @Test
        void refusesAQuantityAboveTheMaximum() {
            seizing("1000000000.01").thenRefused(Kind.INVALID, "seizure.quantity");
        }

        @Test
        void refusesAnOutcomeInTheFuture() {
            arrests(1, "houston-pd", NOW.plus(Case.CLOCK_SKEW).plusSeconds(1)).thenRefused(Kind.INVALID, "occurredAt");
        }

        @Test
        void refusesAnOutcomeBeforeTheCaseWasOpened() {
            arrests(1, "houston-pd", OPENED_AT.minusSeconds(1)).thenRefused(Kind.INVALID, "occurredAt");
        }

        @Test
        void refusesCreditToAnAgencyTakingNoPartInTheTaskForce() {
            arrests(1, "los-angeles-pd", NOW).thenRefused(Kind.NOT_A_MEMBER, "agencyId");
        }

        @Test
        void refusesTheIssuesExample() {
            arrests(Integer.MAX_VALUE, "los-angeles-pd", Instant.parse("2001-06-01T00:00:00Z"))
                    .thenRefused(Kind.INVALID, "count");
            arrests(2, "houston-pd", Instant.parse("2001-06-01T00:00:00Z")).thenRefused(Kind.INVALID, "occurredAt");
            arrests(2, "los-angeles-pd", NOW).thenRefused(Kind.NOT_A_MEMBER, "agencyId");
        }
    }

    @Nested
    class Triage {

        static LeadSubmitted lead(String leadId, Priority priority, Identifier... identifiers) {
            return new LeadSubmitted(
                    leadId,
                    "dallas-pd",
                    "dpd-officer-lee",
                    TF,
                    "DPD-1",
                    priority,
                    "Same phone again",
                    null,
                    null,
                    null,
                    List.of(new Subject("Rosa Perez", null, SubjectRole.ASSOCIATE)),
                    List.of(identifiers),
                    NOW);
        }

        @Test
        void linksALeadWithTheIdentifiersItSharesAndSaysWhatItAdded() {
            Case open = given(opened()).state();
            CaseIdentifier samePhone = new CaseIdentifier(IdentifierType.PHONE, "(713) 555-0100", "+17135550100");
            CaseIdentifier newPlate = new CaseIdentifier(IdentifierType.VEHICLE_PLATE, "TX ABC-1234", "TX:ABC1234");
            Case.Change change = open.linkLead(lead("lead-2", Priority.ROUTINE), List.of(samePhone, newPlate), NOW);

            assertThat(change.events())
                    .containsExactly(new CaseLeadLinked(
                            CASE,
                            NUMBER,
                            TF,
                            "lead-2",
                            "dallas-pd",
                            List.of(new Identifier(IdentifierType.PHONE, "(713) 555-0100")),
                            NOW,
                            null,
                            List.of(new Subject("Rosa Perez", null, SubjectRole.ASSOCIATE)),
                            List.of(new NormalizedIdentifier(
                                    IdentifierType.VEHICLE_PLATE, "TX ABC-1234", "TX:ABC1234"))));
            assertThat(change.next().leadIds()).containsExactly("lead-1", "lead-2");
            assertThat(change.next().identifiers())
                    .extracting(CaseIdentifier::normalizedValue)
                    .containsExactly("+17135550100", "TX:ABC1234");
            assertThat(change.next().subjects()).extracting(Subject::name).containsExactly("Juan Perez", "Rosa Perez");
            assertThat(change.next().priority()).isEqualTo(Priority.ROUTINE);
        }

        @Test
        void aMoreUrgentLeadRaisesThePriorityByAnEventOfItsOwn() {
            Case open = given(opened()).state();
            Case.Change change = open.linkLead(lead("lead-2", Priority.URGENT), List.of(), NOW);

            assertThat(change.events())
                    .hasSize(2)
                    .last()
                    .isEqualTo(
                            new CasePriorityRaised(CASE, NUMBER, TF, Priority.ROUTINE, Priority.URGENT, "lead-2", NOW));
            assertThat(change.next().priority()).isEqualTo(Priority.URGENT);
        }

        @Test
        void aLessUrgentLeadLeavesThePriorityAlone() {
            Case urgent = given(
                            opened(),
                            new CasePriorityRaised(CASE, NUMBER, TF, Priority.ROUTINE, Priority.URGENT, "lead-2", NOW))
                    .state();
            Case.Change change = urgent.linkLead(lead("lead-3", Priority.PRIORITY), List.of(), NOW);
            assertThat(change.events()).hasSize(1).first().isInstanceOf(CaseLeadLinked.class);
            assertThat(change.next().priority()).isEqualTo(Priority.URGENT);
        }

        @Test
        void addsNothingTheCaseHasAlready() {
            Case open = given(opened()).state();
            CaseIdentifier samePhone = new CaseIdentifier(IdentifierType.PHONE, "713 555 0100", "+17135550100");
            LeadSubmitted sameSubject = new LeadSubmitted(
                    "lead-2",
                    "dallas-pd",
                    "dpd-officer-lee",
                    TF,
                    "DPD-1",
                    Priority.ROUTINE,
                    "Same man again",
                    null,
                    null,
                    null,
                    List.of(new Subject("juan perez", null, SubjectRole.SUSPECT)),
                    List.of(samePhone.asWritten()),
                    NOW);
            CaseLeadLinked linked = (CaseLeadLinked)
                    open.linkLead(sameSubject, List.of(samePhone), NOW).events().get(0);
            assertThat(linked.addedSubjects()).isNull();
            assertThat(linked.addedIdentifiers()).isNull();
        }

        @Test
        void linkingTheSameLeadAgainChangesNothing() {
            Case open = given(opened()).state();
            Case.Change change = open.linkLead(lead("lead-1", Priority.ROUTINE), List.of(), NOW);
            assertThat(change.changed()).isFalse();
            assertThat(change.next()).isSameAs(open);
        }
    }

    @Nested
    class Transfer {

        static final String TRANSFER = "transfer-1";
        static final String GANG = "gang-houston";
        static final String GANG_COORDINATOR = "gang-coordinator-nguyen";
        static final String NEW_NUMBER = "GANG-HOU-FY27-000007";

        /** The gang task force: its coordinator, and Nguyen, who serves on both task forces. */
        static final Roster GANG_ROSTER = new Roster() {
            @Override
            public boolean isMember(String memberId) {
                return Set.of(GANG_COORDINATOR, NGUYEN).contains(memberId);
            }

            @Override
            public boolean isCoordinator(String memberId) {
                return GANG_COORDINATOR.equals(memberId);
            }

            @Override
            public boolean takesPart(String agencyId, java.time.LocalDate day) {
                return "hsi".equals(agencyId);
            }
        };

        static CaseTransferProposed proposed() {
            return new CaseTransferProposed(CASE, NUMBER, TF, TRANSFER, GANG, "a gang's crew", COORDINATOR, OPENED_AT);
        }

        static List<CaseEventData> assignedToGarzaAndNguyenThenProposed() {
            List<CaseEventData> events = new ArrayList<>(historyTo(ASSIGNED));
            events.add(assigned(NGUYEN));
            events.add(proposed());
            return events;
        }

        @Test
        void proposesATransferThatLeavesTheCaseWhereItIs() {
            Case.Change change = given(historyTo(ASSIGNED))
                    .when(c -> c.proposeTransfer(TRANSFER, GANG, "a gang's crew", COORDINATOR, ROSTER, NOW))
                    .then(new CaseTransferProposed(
                            CASE, NUMBER, TF, TRANSFER, GANG, "a gang's crew", COORDINATOR, NOW));
            assertThat(change.next().taskForceId()).isEqualTo(TF);
            assertThat(change.next().pendingTransfer().toTaskForceId()).isEqualTo(GANG);
        }

        @Test
        void refusesAProposalByAMemberWhoIsNotTheCoordinator() {
            given(historyTo(ASSIGNED))
                    .when(c -> c.proposeTransfer(TRANSFER, GANG, "why", GARZA, ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
        }

        @Test
        void refusesAProposalWithoutATargetOrToItsOwnTaskForceOrWithoutAReason() {
            Scenario scenario = given(historyTo(ASSIGNED));
            scenario.when(c -> c.proposeTransfer(TRANSFER, " ", "why", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "toTaskForceId");
            scenario.when(c -> c.proposeTransfer(TRANSFER, TF, "why", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "toTaskForceId");
            scenario.when(c -> c.proposeTransfer(TRANSFER, GANG, "", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "reason");
        }

        @Test
        void refusesASecondProposalWhileOneWaits() {
            given(opened(), proposed())
                    .when(c -> c.proposeTransfer("transfer-2", "other-tf", "why", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "toTaskForceId");
        }

        @Test
        void refusesToTransferAClosedCase() {
            given(historyTo(CLOSED))
                    .when(c -> c.proposeTransfer(TRANSFER, GANG, "why", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
        }

        @Test
        void acceptanceMovesTheCaseUnderANewNumberAndEndsAssignmentsOfMembersOutsideTheNewTaskForce() {
            Case.Change change = given(assignedToGarzaAndNguyenThenProposed())
                    .when(c -> c.acceptTransfer(TRANSFER, NEW_NUMBER, GANG_COORDINATOR, GANG_ROSTER, NOW))
                    .then(
                            new CaseTransferDecided(
                                    CASE,
                                    NUMBER,
                                    TF,
                                    TRANSFER,
                                    GANG,
                                    TransferDecision.ACCEPTED,
                                    null,
                                    GANG_COORDINATOR,
                                    NOW),
                            new CaseUnassigned(CASE, NUMBER, TF, GARZA, GANG_COORDINATOR, NOW),
                            new CaseTransferred(CASE, NEW_NUMBER, GANG, TRANSFER, NUMBER, TF, GANG_COORDINATOR, NOW));
            Case moved = change.next();
            assertThat(moved.taskForceId()).isEqualTo(GANG);
            assertThat(moved.caseNumber()).isEqualTo(NEW_NUMBER);
            assertThat(moved.knownAs(NUMBER)).isTrue();
            assertThat(moved.knownAs(NEW_NUMBER)).isTrue();
            assertThat(moved.assignments()).extracting(a -> a.memberId()).containsExactly(NGUYEN);
            assertThat(moved.pendingTransfer()).isNull();
        }

        @Test
        void refusesAcceptanceByTheProposingSideOrByAMemberOfTheReceivingSide() {
            Scenario scenario = given(opened(), proposed());
            scenario.when(c -> c.acceptTransfer(TRANSFER, NEW_NUMBER, COORDINATOR, GANG_ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
            scenario.when(c -> c.acceptTransfer(TRANSFER, NEW_NUMBER, NGUYEN, GANG_ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
        }

        @Test
        void refusesToDecideATransferThatIsNotWaiting() {
            given(historyTo(ASSIGNED))
                    .when(c -> c.acceptTransfer(TRANSFER, NEW_NUMBER, GANG_COORDINATOR, GANG_ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, null);
            given(opened(), proposed())
                    .when(c -> c.declineTransfer("transfer-9", "no", GANG_COORDINATOR, GANG_ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, null);
        }

        @Test
        void declineKeepsTheCaseAndNeedsAReason() {
            Scenario scenario = given(opened(), proposed());
            scenario.when(c -> c.declineTransfer(TRANSFER, " ", GANG_COORDINATOR, GANG_ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "reason");
            Case.Change change = scenario.when(
                            c -> c.declineTransfer(TRANSFER, "not ours", GANG_COORDINATOR, GANG_ROSTER, NOW))
                    .then(new CaseTransferDecided(
                            CASE,
                            NUMBER,
                            TF,
                            TRANSFER,
                            GANG,
                            TransferDecision.DECLINED,
                            "not ours",
                            GANG_COORDINATOR,
                            NOW));
            assertThat(change.next().taskForceId()).isEqualTo(TF);
            assertThat(change.next().pendingTransfer()).isNull();
        }

        @Test
        void onlyTheProposerWithdraws() {
            Scenario scenario = given(opened(), proposed());
            scenario.when(c -> c.withdrawTransfer(TRANSFER, null, GANG_COORDINATOR, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
            scenario.when(c -> c.withdrawTransfer(TRANSFER, "sorted out", COORDINATOR, NOW))
                    .then(new CaseTransferDecided(
                            CASE,
                            NUMBER,
                            TF,
                            TRANSFER,
                            GANG,
                            TransferDecision.WITHDRAWN,
                            "sorted out",
                            COORDINATOR,
                            NOW));
        }

        @Test
        void replaysATransferredCaseToTheStoredOne() {
            List<CaseEventData> history = new ArrayList<>(assignedToGarzaAndNguyenThenProposed());
            Case.Change accepted =
                    Case.replay(history).acceptTransfer(TRANSFER, NEW_NUMBER, GANG_COORDINATOR, GANG_ROSTER, NOW);
            history.addAll(accepted.events());
            assertThat(Case.replay(history)).isEqualTo(accepted.next());
        }
    }

    @Nested
    class Merge {

        static final String SURVIVOR = "case-2";
        static final String SURVIVOR_NUMBER = "BEST-HOU-FY27-000002";
        static final String REASON = "same stash house";
        static final Subject ORTEGA = new Subject("Luis Ortega", null, SubjectRole.SUSPECT);
        static final NormalizedIdentifier PLATE =
                new NormalizedIdentifier(IdentifierType.VEHICLE_PLATE, "TX ABC-1234", "TX:ABC1234");
        static final Instant NOTED_AT = OPENED_AT.plusSeconds(60);
        static final Instant ARRESTED_AT = OPENED_AT.plusSeconds(120);

        /** The case to be merged: Garza assigned, a note and an arrest. */
        static List<CaseEventData> mergedHistory() {
            List<CaseEventData> events = new ArrayList<>(historyTo(ASSIGNED));
            events.add(new CaseNoteAdded(CASE, NUMBER, TF, "note-1", "Van seen at night", GARZA, NOTED_AT));
            events.add(new CaseOutcomeRecorded(
                    CASE,
                    NUMBER,
                    TF,
                    "outcome-1",
                    OutcomeType.ARREST,
                    1,
                    null,
                    "houston-pd",
                    ARRESTED_AT,
                    GARZA,
                    ARRESTED_AT));
            return events;
        }

        static CaseOpened survivorOpened(String taskForceId) {
            return new CaseOpened(
                    SURVIVOR,
                    SURVIVOR_NUMBER,
                    taskForceId,
                    "Plate seen at a stash house",
                    Priority.ROUTINE,
                    "lead-9",
                    "dallas-pd",
                    List.of(ORTEGA),
                    List.of(new Identifier(PLATE.type(), PLATE.value())),
                    OPENED_AT,
                    List.of(PLATE));
        }

        static Case merged() {
            return Case.replay(mergedHistory());
        }

        static Case survivor() {
            return Case.replay(List.of(survivorOpened(TF)));
        }

        static Case.Change absorbed() {
            Case merged = merged();
            return survivor().absorb(merged, merged.notes(), REASON, COORDINATOR, ROSTER, NOW);
        }

        @Test
        void theSurvivorTakesInLeadsPeopleIdentifiersNotesOutcomesAndAssignments() {
            Case merged = merged();
            given(survivorOpened(TF))
                    .when(survivor -> survivor.absorb(merged, merged.notes(), REASON, COORDINATOR, ROSTER, NOW))
                    .then(
                            new CaseAbsorbed(
                                    SURVIVOR,
                                    SURVIVOR_NUMBER,
                                    TF,
                                    CASE,
                                    NUMBER,
                                    REASON,
                                    COORDINATOR,
                                    NOW,
                                    List.of("lead-1"),
                                    List.of(new Subject("Juan Perez", null, SubjectRole.SUSPECT)),
                                    List.of(new NormalizedIdentifier(
                                            IdentifierType.PHONE, "+17135550100", "+17135550100")),
                                    List.of(new MovedNote("note-1", "Van seen at night", GARZA, NOTED_AT)),
                                    List.of(new MovedOutcome(
                                            "outcome-1",
                                            OutcomeType.ARREST,
                                            1,
                                            null,
                                            "houston-pd",
                                            ARRESTED_AT,
                                            GARZA,
                                            ARRESTED_AT))),
                            new CaseAssigned(
                                    SURVIVOR, SURVIVOR_NUMBER, TF, GARZA, AssignmentRole.LEAD, COORDINATOR, NOW),
                            new CaseStatusChanged(
                                    SURVIVOR,
                                    SURVIVOR_NUMBER,
                                    TF,
                                    OPEN,
                                    ASSIGNED,
                                    "assignments moved from merged case " + NUMBER,
                                    COORDINATOR,
                                    NOW));
            Case survivor = absorbed().next();
            assertThat(survivor.leadIds()).containsExactly("lead-9", "lead-1");
            assertThat(survivor.subjects()).extracting(Subject::name).containsExactly("Luis Ortega", "Juan Perez");
            assertThat(survivor.identifiers())
                    .extracting(CaseIdentifier::normalizedValue)
                    .containsExactly("TX:ABC1234", "+17135550100");
            assertThat(survivor.noteCount()).isEqualTo(1);
            assertThat(survivor.outcomes()).extracting(CaseOutcome::outcomeId).containsExactly("outcome-1");
            assertThat(survivor.assignee(GARZA)).isTrue();
            assertThat(survivor.absorbedCaseIds()).containsExactly(CASE);
        }

        @Test
        void theMergedCaseEndsItsAssignmentsAndPointsAtTheSurvivor() {
            Case survivor = absorbed().next();
            Case.Change change = given(mergedHistory())
                    .when(merged -> merged.mergeInto(survivor, REASON, COORDINATOR, ROSTER, NOW))
                    .then(
                            new CaseUnassigned(CASE, NUMBER, TF, GARZA, COORDINATOR, NOW),
                            new CaseMerged(CASE, NUMBER, TF, SURVIVOR, SURVIVOR_NUMBER, REASON, COORDINATOR, NOW));
            assertThat(change.next().status()).isEqualTo(CaseStatus.MERGED);
            assertThat(change.next().mergedInto()).isEqualTo(SURVIVOR);
            // counted once, on the survivor
            assertThat(change.next().outcomes()).isEmpty();
            assertThat(change.next().leadIds()).containsExactly("lead-1");
        }

        @Test
        void aMergedCaseRefusesEveryLaterCommand() {
            List<CaseEventData> history = new ArrayList<>(mergedHistory());
            history.addAll(merged().mergeInto(absorbed().next(), REASON, COORDINATOR, ROSTER, NOW)
                    .events());
            Scenario mergedCase = given(history);
            mergedCase
                    .when(c -> c.assign(NGUYEN, AssignmentRole.SUPPORT, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            mergedCase
                    .when(c -> c.unassign(GARZA, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            mergedCase
                    .when(c -> c.changeStatus(ACTIVE, null, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            mergedCase
                    .when(c -> c.addNote("note-2", "late", GARZA, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            mergedCase
                    .when(c -> c.recordOutcome(
                            "outcome-2", OutcomeType.ARREST, 1, null, "houston-pd", NOW, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            mergedCase
                    .when(c -> c.proposeTransfer("t", "gang-houston", "why", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            mergedCase
                    .when(c -> c.linkLead(Triage.lead("lead-3", Priority.ROUTINE), List.of(), NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            // merging it again into the same survivor is a retry (see below); into any other case, refused
            Case third = Case.replay(List.of(new CaseOpened(
                    "case-3",
                    "BEST-HOU-FY27-000003",
                    TF,
                    "Third",
                    Priority.ROUTINE,
                    "lead-3",
                    "hsi",
                    List.of(),
                    List.of(),
                    OPENED_AT)));
            mergedCase
                    .when(c -> c.mergeInto(
                            third.absorb(c, List.of(), REASON, COORDINATOR, ROSTER, NOW)
                                    .next(),
                            REASON,
                            COORDINATOR,
                            ROSTER,
                            NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            assertThat(taskforce.cases.casefile.Lifecycle.legalNext(CaseStatus.MERGED))
                    .isEmpty();
        }

        @Test
        void onlyTheCoordinatorMergesTwoOpenCasesOfOneTaskForceWithAReason() {
            Case merged = merged();
            given(survivorOpened(TF))
                    .when(s -> s.absorb(merged, List.of(), REASON, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
            given(survivorOpened(TF))
                    .when(s -> s.absorb(merged, List.of(), " ", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "reason");
            given(survivorOpened("gang-houston"))
                    .when(s -> s.absorb(merged, List.of(), REASON, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.OTHER_TASK_FORCE, "intoCaseId");
            given(mergedHistory())
                    .when(c -> c.absorb(merged, List.of(), REASON, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "intoCaseId");
            List<CaseEventData> closedSurvivor = new ArrayList<>(List.of(survivorOpened(TF)));
            closedSurvivor.add(new CaseStatusChanged(
                    SURVIVOR, SURVIVOR_NUMBER, TF, OPEN, CLOSED, "duplicate", COORDINATOR, OPENED_AT));
            given(closedSurvivor)
                    .when(s -> s.absorb(merged, List.of(), REASON, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "intoCaseId");
            Case closed = Case.replay(historyTo(CLOSED));
            given(survivorOpened(TF))
                    .when(s -> s.absorb(closed, List.of(), REASON, COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
        }

        @Test
        void aRetriedMergeChangesNothingOnEitherSide() {
            Case survivor = absorbed().next();
            Case merged = merged();
            assertThat(survivor.absorb(merged, merged.notes(), REASON, COORDINATOR, ROSTER, LATER_STILL)
                            .changed())
                    .isFalse();
            Case done =
                    merged.mergeInto(survivor, REASON, COORDINATOR, ROSTER, NOW).next();
            assertThat(done.mergeInto(survivor, REASON, COORDINATOR, ROSTER, LATER_STILL)
                            .changed())
                    .isFalse();
        }

        static final Instant LATER_STILL = NOW.plusSeconds(600);

        @Test
        void proposesAMergeWithAnotherCaseOnceAndNeverWithItselfOrAnAbsorbedCase() {
            Case.Change proposed = given(survivorOpened(TF))
                    .when(s -> s.proposeMerge(CASE, NUMBER, "lead-7", "the lead's PHONE is on " + NUMBER, NOW))
                    .then(new CaseMergeProposed(
                            SURVIVOR,
                            SURVIVOR_NUMBER,
                            TF,
                            CASE,
                            NUMBER,
                            "lead-7",
                            "the lead's PHONE is on " + NUMBER,
                            NOW));
            assertThat(proposed.next()
                            .proposeMerge(CASE, NUMBER, "lead-8", "again", LATER_STILL)
                            .changed())
                    .isFalse();
            assertThat(survivor()
                            .proposeMerge(SURVIVOR, SURVIVOR_NUMBER, "lead-8", "itself", NOW)
                            .changed())
                    .isFalse();
            assertThat(absorbed()
                            .next()
                            .proposeMerge(CASE, NUMBER, "lead-8", "absorbed", NOW)
                            .changed())
                    .isFalse();
            List<CaseEventData> history = new ArrayList<>(List.of(survivorOpened(TF)));
            history.addAll(proposed.events());
            assertThat(Case.replay(history)).isEqualTo(proposed.next());
        }

        @Test
        void aCaseThatGainedAnOutcomeBetweenTheTwoWritesIsTakenInForThatOutcomeAlone() {
            Case.Change first = absorbed();
            Case gained = merged().recordOutcome(
                            "outcome-2", OutcomeType.ARREST, 1, null, "houston-pd", NOW, GARZA, ROSTER, NOW)
                    .next();

            Case.Change again = first.next().absorb(gained, gained.notes(), REASON, COORDINATOR, ROSTER, LATER_STILL);

            assertThat(again.events()).singleElement().isInstanceOfSatisfying(CaseAbsorbed.class, absorbed -> {
                assertThat(absorbed.outcomes())
                        .extracting(MovedOutcome::outcomeId)
                        .containsExactly("outcome-2");
                assertThat(absorbed.leadIds()).isEmpty();
                assertThat(absorbed.notes()).isEmpty();
            });
            assertThat(again.next().outcomes())
                    .extracting(CaseOutcome::outcomeId)
                    .containsExactly("outcome-1", "outcome-2");
            assertThat(again.next().absorbedCaseIds()).containsExactly(CASE);
            List<CaseEventData> history = new ArrayList<>(List.of(survivorOpened(TF)));
            history.addAll(first.events());
            history.addAll(again.events());
            assertThat(Case.replay(history)).isEqualTo(again.next());
        }

        @Test
        void neverMarksACaseMergedThatTheSurvivorDoesNotHold() {
            assertThatThrownBy(() -> merged().mergeInto(survivor(), REASON, COORDINATOR, ROSTER, NOW))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void replaysBothSidesToTheStoredCases() {
            Case.Change absorbed = absorbed();
            List<CaseEventData> survivorHistory = new ArrayList<>(List.of(survivorOpened(TF)));
            survivorHistory.addAll(absorbed.events());
            assertThat(Case.replay(survivorHistory)).isEqualTo(absorbed.next());
            Case.Change merged = merged().mergeInto(absorbed.next(), REASON, COORDINATOR, ROSTER, NOW);
            List<CaseEventData> mergedHistory = new ArrayList<>(mergedHistory());
            mergedHistory.addAll(merged.events());
            assertThat(Case.replay(mergedHistory)).isEqualTo(merged.next());
        }

        @Test
        void theSurvivorKeepsTheNewestNotesOfBothAndCountsThemAll() {
            Case survivor = survivor();
            List<CaseEventData> survivorHistory = new ArrayList<>(List.of(survivorOpened(TF)));
            for (int i = 1; i <= Case.NOTES_KEPT; i++) {
                Case.Change noted = survivor.addNote("own-" + i, "own " + i, GARZA, ROSTER, NOW.plusSeconds(i * 2L));
                survivorHistory.addAll(noted.events());
                survivor = noted.next();
            }
            List<CaseNote> mergedNotes = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                mergedNotes.add(new CaseNote("moved-" + i, "moved " + i, NGUYEN, NOW.plusSeconds(i * 2L + 1)));
            }
            Case.Change absorbed = survivor.absorb(merged(), mergedNotes, REASON, COORDINATOR, ROSTER, LATER_STILL);
            survivorHistory.addAll(absorbed.events());
            assertThat(absorbed.next().noteCount()).isEqualTo(Case.NOTES_KEPT + 5);
            assertThat(absorbed.next().notes()).hasSize(Case.NOTES_KEPT);
            assertThat(absorbed.next().notes().get(Case.NOTES_KEPT - 1).noteId())
                    .isEqualTo("own-" + Case.NOTES_KEPT);
            assertThat(absorbed.next().notes())
                    .extracting(CaseNote::noteId)
                    .contains("moved-5")
                    .doesNotContain("own-1");
            assertThat(Case.replay(survivorHistory)).isEqualTo(absorbed.next());
        }
    }

    @Nested
    class Replay {

        static final Instant LATER = NOW.plusSeconds(60);

        /** A case taken through every command, each time from the state the command before it left. */
        static List<Case.Change> aLife() {
            CaseIdentifier phone = new CaseIdentifier(IdentifierType.PHONE, "(713) 555-0100", "+17135550100");
            CaseIdentifier plate = new CaseIdentifier(IdentifierType.VEHICLE_PLATE, "TX ABC-1234", "TX:ABC1234");
            LeadSubmitted first = new LeadSubmitted(
                    "lead-1",
                    "houston-pd",
                    GARZA,
                    TF,
                    "HPD-1",
                    Priority.ROUTINE,
                    "Phone tied to a stash house",
                    null,
                    null,
                    null,
                    List.of(new Subject("Juan Perez", null, SubjectRole.SUSPECT)),
                    List.of(phone.asWritten()),
                    OPENED_AT);
            List<Case.Change> life = new ArrayList<>();
            life.add(Case.open(CASE, NUMBER, first, List.of(phone), OPENED_AT.plusNanos(123_456)));
            life.add(last(life).linkLead(Triage.lead("lead-2", Priority.URGENT), List.of(phone, plate), NOW));
            life.add(last(life).assign(GARZA, AssignmentRole.LEAD, COORDINATOR, ROSTER, NOW));
            life.add(last(life).assign(NGUYEN, AssignmentRole.SUPPORT, COORDINATOR, ROSTER, NOW));
            life.add(last(life).unassign(NGUYEN, COORDINATOR, ROSTER, NOW));
            life.add(last(life).changeStatus(ACTIVE, null, COORDINATOR, ROSTER, NOW));
            life.add(last(life).addNote("note-1", "Van seen at night", GARZA, ROSTER, NOW));
            life.add(last(life)
                    .recordOutcome("outcome-1", OutcomeType.ARREST, 2, null, "houston-pd", NOW, GARZA, ROSTER, LATER));
            life.add(last(life).changeStatus(CLOSED, "charged", COORDINATOR, ROSTER, LATER));
            return life;
        }

        private static Case last(List<Case.Change> life) {
            return life.get(life.size() - 1).next();
        }

        @Test
        void rebuildsTheCaseEveryCommandLeftFromTheEventsSoFar() {
            List<CaseEventData> history = new ArrayList<>();
            for (Case.Change change : aLife()) {
                history.addAll(change.events());
                assertThat(Case.replay(history)).isEqualTo(change.next());
            }
            assertThat(history).extracting(e -> e.getClass().getSimpleName()).contains("CasePriorityRaised");
        }

        @Test
        void keepsTheCanonicalFormOfEveryIdentifier() {
            List<CaseEventData> history = new ArrayList<>();
            aLife().forEach(change -> history.addAll(change.events()));
            assertThat(Case.replay(history).identifiers())
                    .extracting(CaseIdentifier::normalizedValue)
                    .containsExactly("+17135550100", "TX:ABC1234");
        }

        @Test
        void readsAnOpeningWrittenBeforeItCarriedCanonicalForms() {
            assertThat(Case.replay(List.of(opened())).identifiers())
                    .containsExactly(new CaseIdentifier(IdentifierType.PHONE, "+17135550100", "+17135550100"));
        }

        @Test
        void stampsTimesAsTheStoreKeepsThem() {
            Case opened = aLife().get(0).next();
            assertThat(opened.openedAt()).isEqualTo(OPENED_AT);
        }

        @Test
        void keepsOnlyTheLatestNotesInTheCaseAndCountsThemAll() {
            List<CaseEventData> history = new ArrayList<>(List.of(opened()));
            Case state = Case.replay(history);
            for (int i = 1; i <= Case.NOTES_KEPT + 3; i++) {
                Case.Change noted = state.addNote("note-" + i, "text " + i, GARZA, ROSTER, NOW);
                history.addAll(noted.events());
                state = noted.next();
            }
            assertThat(state.noteCount()).isEqualTo(Case.NOTES_KEPT + 3);
            assertThat(state.notes()).hasSize(Case.NOTES_KEPT);
            assertThat(state.notes().get(0).noteId()).isEqualTo("note-4");
            assertThat(Case.replay(history)).isEqualTo(state);
        }

        @Test
        void refusesAHistoryThatDoesNotStartWithTheOpening() {
            assertThatThrownBy(() -> Case.replay(List.of(assigned(GARZA))))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refusesToOpenACaseTwice() {
            assertThatThrownBy(() -> given(opened(), opened())).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refusesAnEventOfAnotherCase() {
            CaseAssigned elsewhere =
                    new CaseAssigned("case-2", NUMBER, TF, GARZA, AssignmentRole.LEAD, COORDINATOR, NOW);
            assertThatThrownBy(() -> given(opened(), elsewhere)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ReviewAndPurge {

        static final java.time.Duration PERIOD = Case.DEFAULT_REVIEW_PERIOD;
        static final java.time.Duration LEAD = java.time.Duration.ofDays(30);
        static final java.time.Duration GRACE = java.time.Duration.ofDays(30);
        static final Instant DUE = OPENED_AT.plus(PERIOD);

        static CaseReviewed validated(Instant at) {
            return new CaseReviewed(CASE, NUMBER, TF, "still relevant", COORDINATOR, at, at.plus(PERIOD));
        }

        @Test
        void aCaseFallsDueAPeriodAfterItsOpeningEvenWhenStoredBeforeReviewsExisted() {
            Case opened = given(opened()).state();

            assertThat(opened.reviewDueAt(PERIOD)).isEqualTo(DUE);
            assertThat(opened.nextReviewDueAt())
                    .as("nothing stored for a case never validated")
                    .isNull();
            assertThat(opened.reviewDueAt(java.time.Duration.ofDays(365)))
                    .as("a changed period applies at once")
                    .isEqualTo(OPENED_AT.plus(java.time.Duration.ofDays(365)));
        }

        @Test
        void theCoordinatorValidatesAndTheNextReviewFallsDueAPeriodFromNow() {
            Case.Change change = given(historyTo(ASSIGNED))
                    .when(c -> c.validate("still relevant", COORDINATOR, ROSTER, PERIOD, NOW))
                    .then(validated(NOW));

            assertThat(change.next().reviewDueAt(PERIOD)).isEqualTo(NOW.plus(PERIOD));
            assertThat(change.next().lastReviewedAt()).isEqualTo(NOW);
        }

        @Test
        void onlyTheCoordinatorReviewsAndAlwaysSaysWhy() {
            given(opened())
                    .when(c -> c.validate("still relevant", GARZA, ROSTER, PERIOD, NOW))
                    .thenRefused(Kind.NOT_A_COORDINATOR, null);
            given(opened()).when(c -> c.purge("gone", GARZA, ROSTER, NOW)).thenRefused(Kind.NOT_A_COORDINATOR, null);
            given(opened())
                    .when(c -> c.validate("  ", COORDINATOR, ROSTER, PERIOD, NOW))
                    .thenRefused(Kind.INVALID, "reason");
            given(opened()).when(c -> c.purge(null, COORDINATOR, ROSTER, NOW)).thenRefused(Kind.INVALID, "reason");
            given(opened())
                    .when(c -> c.purge("x".repeat(Reason.MAX_LENGTH + 1), COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "reason");
        }

        @Test
        void aPurgeCarriesIdsOnlyAndLeavesNoContentInTheCase() {
            Case.Change change = given(historyTo(ASSIGNED))
                    .when(c -> c.purge("no longer relevant", COORDINATOR, ROSTER, NOW))
                    .then(new CasePurged(
                            CASE, NUMBER, TF, List.of("lead-1"), PurgeCause.REVIEW_DECISION, COORDINATOR, NOW));

            Case purged = change.next();
            assertThat(purged.purged()).isTrue();
            assertThat(purged.title()).isNull();
            assertThat(purged.subjects()).isEmpty();
            assertThat(purged.identifiers()).isEmpty();
            assertThat(purged.leadIds()).isEmpty();
            assertThat(purged.assignments()).isEmpty();
            assertThat(purged.caseNumber()).isEqualTo(NUMBER);
            assertThat(purged.purgedBy()).isEqualTo(COORDINATOR);
        }

        @Test
        void aPurgedCaseTakesNoCommandAndNoSecondPurge() {
            List<CaseEventData> history = new ArrayList<>(historyTo(ASSIGNED));
            history.add(
                    new CasePurged(CASE, NUMBER, TF, List.of("lead-1"), PurgeCause.REVIEW_DECISION, COORDINATOR, NOW));

            given(history)
                    .when(c -> c.addNote("n", "text", GARZA, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            given(history)
                    .when(c -> c.purge("again", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "status");
            given(history)
                    .when(c -> c.lapse(PERIOD, GRACE, DUE.plus(GRACE).plusSeconds(1)))
                    .then();
            given(history).when(c -> c.remind(PERIOD, LEAD, DUE)).then();
        }

        @Test
        void aMergedCaseIsNeitherValidatedNorPurgedOnItsOwnButGoesWithItsSurvivor() {
            List<CaseEventData> history = new ArrayList<>(historyTo(OPEN));
            history.add(new CaseMerged(CASE, NUMBER, TF, "case-2", "BEST-HOU-FY27-000002", "same", COORDINATOR, NOW));

            given(history)
                    .when(c -> c.validate("still relevant", COORDINATOR, ROSTER, PERIOD, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "decision");
            given(history)
                    .when(c -> c.purge("gone", COORDINATOR, ROSTER, NOW))
                    .thenRefused(Kind.ILLEGAL_TRANSITION, "decision");
            given(history)
                    .when(c -> c.lapse(PERIOD, GRACE, DUE.plus(GRACE).plusSeconds(1)))
                    .then();
            given(history)
                    .when(c -> c.purgeWithSurvivor("case-2", PurgeCause.REVIEW_LAPSED, null, NOW))
                    .then(new CasePurged(CASE, NUMBER, TF, List.of("lead-1"), PurgeCause.REVIEW_LAPSED, null, NOW));
            assertThatThrownBy(() ->
                            given(history).state().purgeWithSurvivor("case-3", PurgeCause.REVIEW_LAPSED, null, NOW))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void theReminderComesOnceForEachDueDateWithinItsLeadTime() {
            Instant early = DUE.minus(LEAD).minusSeconds(1);
            Instant within = DUE.minus(LEAD);
            given(opened()).when(c -> c.remind(PERIOD, LEAD, early)).then();
            Case.Change reminded = given(opened())
                    .when(c -> c.remind(PERIOD, LEAD, within))
                    .then(new CaseReviewDue(CASE, NUMBER, TF, DUE, within));

            assertThat(reminded.next()
                            .remind(PERIOD, LEAD, within.plusSeconds(60))
                            .changed())
                    .as("reminded of this due date already")
                    .isFalse();
            Case revalidated = reminded.next()
                    .validate("still relevant", COORDINATOR, ROSTER, PERIOD, within)
                    .next();
            assertThat(revalidated.remind(PERIOD, LEAD, within.plus(PERIOD)).events())
                    .as("a new due date is reminded of in its turn")
                    .containsExactly(new CaseReviewDue(CASE, NUMBER, TF, within.plus(PERIOD), within.plus(PERIOD)));
        }

        @Test
        void aReviewNobodyMadeLapsesAfterTheGracePeriodDecidedByNobody() {
            Instant lapseAt = DUE.plus(GRACE);
            CaseReviewDue remindedInTime = new CaseReviewDue(CASE, NUMBER, TF, DUE, DUE.minus(LEAD));
            given(opened(), remindedInTime)
                    .when(c -> c.lapse(PERIOD, GRACE, lapseAt.minusMillis(1)))
                    .then();
            given(opened(), remindedInTime)
                    .when(c -> c.lapse(PERIOD, GRACE, lapseAt))
                    .then(new CasePurged(CASE, NUMBER, TF, List.of("lead-1"), PurgeCause.REVIEW_LAPSED, null, lapseAt));
            given(opened(), remindedInTime, validated(NOW))
                    .when(c -> c.lapse(PERIOD, GRACE, lapseAt))
                    .then();
        }

        /** Nobody was told of a due date that passed unannounced (a case older than reviews): no purge before that. */
        @Test
        void aReviewNobodyWasRemindedOfDoesNotLapseAndALateReminderCountsTheGraceFromItself() {
            Instant lapseAt = DUE.plus(GRACE);
            given(opened())
                    .when(c -> c.lapse(PERIOD, GRACE, lapseAt.plus(PERIOD)))
                    .then();
            Instant remindedLate = DUE.plus(java.time.Duration.ofDays(400));
            CaseReviewDue lateReminder = new CaseReviewDue(CASE, NUMBER, TF, DUE, remindedLate);
            given(opened(), lateReminder)
                    .when(c -> c.lapse(PERIOD, GRACE, remindedLate.plus(GRACE).minusMillis(1)))
                    .then();
            given(opened(), lateReminder)
                    .when(c -> c.lapse(PERIOD, GRACE, remindedLate.plus(GRACE)))
                    .then(new CasePurged(
                            CASE,
                            NUMBER,
                            TF,
                            List.of("lead-1"),
                            PurgeCause.REVIEW_LAPSED,
                            null,
                            remindedLate.plus(GRACE)));
        }

        @Test
        void replayingTheReviewEventsRebuildsTheCase() {
            List<CaseEventData> history = new ArrayList<>(historyTo(ASSIGNED));
            Case state = Case.replay(history);
            for (java.util.function.Function<Case, Case.Change> command :
                    List.<java.util.function.Function<Case, Case.Change>>of(
                            c -> c.remind(PERIOD, LEAD, DUE),
                            c -> c.validate("still relevant", COORDINATOR, ROSTER, PERIOD, DUE),
                            c -> c.purge("done", COORDINATOR, ROSTER, DUE.plusSeconds(5)))) {
                Case.Change change = command.apply(state);
                history.addAll(change.events());
                state = change.next();
                assertThat(Case.replay(history)).isEqualTo(state);
            }
        }
    }
}
