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
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseNoteAdded;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseOutcomeRecorded;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.CaseUnassigned;
import taskforce.contracts.cases.OutcomeType;
import taskforce.contracts.cases.Seizure;
import taskforce.contracts.cases.SeizureCategory;
import taskforce.contracts.cases.SeizureUnit;
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
    static List<Object> historyTo(CaseStatus status) {
        List<Object> events = new ArrayList<>(List.of(opened()));
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

    static Scenario given(Object... events) {
        return new Scenario(Case.replay(List.of(events)));
    }

    static Scenario given(List<Object> events) {
        return new Scenario(Case.replay(events));
    }

    record Scenario(Case state) {

        Outcome when(Function<Case, Case.Change> command) {
            return new Outcome(state, () -> command.apply(state));
        }
    }

    record Outcome(Case before, java.util.function.Supplier<Case.Change> command) {

        Case.Change then(Object... events) {
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
            return Stream.of(CaseStatus.values())
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
                    .when(c -> c.recordOutcome("o1", OutcomeType.ARREST, 0, null, null, null, GARZA, ROSTER, NOW))
                    .thenRefused(Kind.INVALID, "count");
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
        void linksALeadWithTheIdentifiersItShares() {
            Case open = given(opened()).state();
            CaseIdentifier samePhone = new CaseIdentifier(IdentifierType.PHONE, "(713) 555-0100", "+17135550100");
            CaseIdentifier newPlate = new CaseIdentifier(IdentifierType.VEHICLE_PLATE, "TX ABC-1234", "TX:ABC1234");
            Case.Change change = open.linkLead(lead("lead-2", Priority.URGENT), List.of(samePhone, newPlate), NOW);

            assertThat(change.events())
                    .containsExactly(new CaseLeadLinked(
                            CASE,
                            NUMBER,
                            TF,
                            "lead-2",
                            "dallas-pd",
                            List.of(new Identifier(IdentifierType.PHONE, "(713) 555-0100")),
                            NOW));
            assertThat(change.next().leadIds()).containsExactly("lead-1", "lead-2");
            assertThat(change.next().identifiers())
                    .extracting(CaseIdentifier::normalizedValue)
                    .containsExactly("+17135550100", "TX:ABC1234");
            assertThat(change.next().subjects()).extracting(Subject::name).containsExactly("Juan Perez", "Rosa Perez");
            assertThat(change.next().priority()).isEqualTo(Priority.URGENT);
        }

        @Test
        void linkingTheSameLeadAgainChangesNothing() {
            Case open = given(opened()).state();
            Case.Change change = open.linkLead(lead("lead-1", Priority.ROUTINE), List.of(), NOW);
            assertThat(change.changed()).isFalse();
            assertThat(change.next()).isSameAs(open);
        }
    }
}
