package taskforce.cases.transfer;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseAccess;
import taskforce.cases.casefile.CaseCoordination;
import taskforce.cases.casefile.CaseRuleViolation;
import taskforce.cases.casefile.Cases;
import taskforce.cases.deconfliction.Deconfliction;
import taskforce.cases.directory.Directory;
import taskforce.cases.directory.TaskForce;
import taskforce.cases.triage.CaseNumberSeries;
import taskforce.cases.triage.CaseTriage;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.refusal.RuleRefused;
import taskforce.platform.security.Caller;

/**
 * Handing a case to another task force: its coordinator proposes, a coordinator of the receiving task force
 * accepts or declines, the proposer may withdraw meanwhile. The case's rules decide ({@code Case.proposeTransfer}
 * …), {@link CaseAccess} decides who may ask, and every read and write is in the audit trail.
 *
 * <p>On acceptance the case takes the next number of the receiving task force's series (the one triage numbers
 * from), and what finds a case by its task force follows it: the identifier index of triage, the person index and
 * the deconfliction hits.
 */
@Service
public class CaseTransfers {

    static final String PROPOSE = "transfer.propose";
    static final String READ = "transfer.read";
    static final String LIST = "transfer.list";
    static final String ACCEPT = "transfer.accept";
    static final String DECLINE = "transfer.decline";
    static final String WITHDRAW = "transfer.withdraw";

    static final String NOT_A_COORDINATOR_OF = "not a coordinator of the task force";

    public record Page(List<Transfer> items, int page, int size, long total) {}

    private final Transfers transfers;
    private final Cases cases;
    private final CaseCoordination coordination;
    private final CaseAccess access;
    private final Directory directory;
    private final CaseNumberSeries numbers;
    private final CaseTriage triage;
    private final Deconfliction deconfliction;
    private final AuditTrail audit;
    private final Clock clock;

    public CaseTransfers(
            Transfers transfers,
            Cases cases,
            CaseCoordination coordination,
            CaseAccess access,
            Directory directory,
            CaseNumberSeries numbers,
            CaseTriage triage,
            Deconfliction deconfliction,
            AuditTrail audit,
            Clock clock) {
        this.transfers = transfers;
        this.cases = cases;
        this.coordination = coordination;
        this.access = access;
        this.directory = directory;
        this.numbers = numbers;
        this.triage = triage;
        this.deconfliction = deconfliction;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Proposes the transfer. The pointers to it are filed before the case records it, so that a transfer the case
     * holds can always be found and decided; the proposal is first tried on the case as read, so that a refused one
     * (same task force, closed case, a transfer already waiting …) files nothing.
     */
    public Transfer propose(Caller caller, String caseId, String toTaskForceId, String reason) {
        CaseAccess.Acting acting =
                access.act(caller, PROPOSE, caseId, CaseAccess.Needs.COORDINATOR, CaseAccess.Actor.fromToken());
        String proposer = acting.memberId();
        Case read = acting.theCase().value();
        String transferId = UUID.randomUUID().toString();
        try {
            read.proposeTransfer(
                    transferId, toTaskForceId, reason, proposer, coordination.roster(read.taskForceId()), now());
        } catch (CaseRuleViolation violation) {
            throw CaseCoordination.refusal(violation);
        }
        if (directory.taskForce(toTaskForceId).isEmpty()) {
            throw new RuleRefused("Unknown task force", "no task force with id " + toTaskForceId, "toTaskForceId");
        }
        transfers.file(new Transfers.Filing(transferId, caseId, read.taskForceId(), toTaskForceId));
        Versioned<Case> proposed = coordination.command(
                caseId,
                null,
                (c, roster) -> c.proposeTransfer(transferId, toTaskForceId, reason, proposer, roster, now()));
        return view(transferId, proposed.value());
    }

    public Transfer read(Caller caller, String transferId) {
        Transfers.Filing filing = filing(caller, READ, transferId);
        access.actOnTransfer(
                caller,
                READ,
                transferId,
                filing.fromTaskForceId(),
                filing.toTaskForceId(),
                CaseAccess.TransferRole.EITHER_SIDE);
        return view(filing).orElseThrow(() -> NotFound.of("transfer", transferId));
    }

    /**
     * The transfers to and from a task force, newest first, for its coordinators (and administrators); anyone else
     * finds none, as if there were none. Each transfer listed is recorded as read.
     */
    public Page list(Caller caller, String taskForceId, int page, int size) {
        if (taskForceId == null || taskForceId.isBlank()) {
            throw new InvalidField("taskForceId", "taskForceId is required: the task force whose transfers to list");
        }
        if (!access.followsTransfersOf(caller, taskForceId)) {
            audit.refused(caller, LIST, CaseAccess.TRANSFER, taskForceId, NOT_A_COORDINATOR_OF);
            return new Page(List.of(), page, size, 0);
        }
        audit.allowed(caller, LIST, CaseAccess.TRANSFER, taskForceId);
        List<String> newestFirst = new ArrayList<>(transfers.idsOf(taskForceId));
        Collections.reverse(newestFirst);
        long from = Math.min((long) page * size, newestFirst.size());
        long to = Math.min(from + size, newestFirst.size());
        List<Transfer> items = newestFirst.subList((int) from, (int) to).stream()
                .map(transfers::find)
                .flatMap(Optional::stream)
                .map(this::view)
                .flatMap(Optional::stream)
                .toList();
        audit.allowedEach(
                caller,
                READ,
                CaseAccess.TRANSFER,
                items.stream().map(Transfer::id).toList());
        return new Page(items, page, size, newestFirst.size());
    }

    /**
     * Accepts the transfer: the case moves, then the indexes follow it. A number is taken from the receiving
     * series only for a proposal still waiting, so a refused acceptance leaves no gap in it.
     */
    public Transfer accept(Caller caller, String transferId) {
        Transfers.Filing filing = filing(caller, ACCEPT, transferId);
        String decider = access.actOnTransfer(
                caller,
                ACCEPT,
                transferId,
                filing.fromTaskForceId(),
                filing.toTaskForceId(),
                CaseAccess.TransferRole.RECEIVING);
        Case current = cases.find(filing.caseId())
                .map(Versioned::value)
                .orElseThrow(() -> NotFound.of("transfer", transferId));
        boolean waiting = current.pendingTransfer() != null
                && current.pendingTransfer().transferId().equals(transferId);
        String newNumber = waiting ? nextNumber(filing.toTaskForceId()) : null;
        Versioned<Case> moved = coordination.command(
                filing.caseId(),
                null,
                (c, roster) -> c.acceptTransfer(
                        transferId, newNumber, decider, coordination.roster(filing.toTaskForceId()), now()));
        follow(moved.value(), filing.fromTaskForceId());
        return view(transferId, moved.value());
    }

    public Transfer decline(Caller caller, String transferId, String reason) {
        Transfers.Filing filing = filing(caller, DECLINE, transferId);
        String decider = access.actOnTransfer(
                caller,
                DECLINE,
                transferId,
                filing.fromTaskForceId(),
                filing.toTaskForceId(),
                CaseAccess.TransferRole.RECEIVING);
        Versioned<Case> declined = coordination.command(
                filing.caseId(),
                null,
                (c, roster) -> c.declineTransfer(
                        transferId, reason, decider, coordination.roster(filing.toTaskForceId()), now()));
        return view(transferId, declined.value());
    }

    public Transfer withdraw(Caller caller, String transferId, String reason) {
        Transfers.Filing filing = filing(caller, WITHDRAW, transferId);
        String withdrawer = access.actOnTransfer(
                caller,
                WITHDRAW,
                transferId,
                filing.fromTaskForceId(),
                filing.toTaskForceId(),
                CaseAccess.TransferRole.PROPOSING);
        Versioned<Case> withdrawn = coordination.command(
                filing.caseId(), null, (c, roster) -> c.withdrawTransfer(transferId, reason, withdrawer, now()));
        return view(transferId, withdrawn.value());
    }

    /**
     * What finds a case by its task force learns its new one: triage's identifier index (the receiving task force's
     * next lead with one of its identifiers joins it), the person index and deconfliction. Every step is keyed, so
     * running it again is harmless.
     */
    private void follow(Case moved, String previousTaskForceId) {
        triage.index(moved.taskForceId(), moved.identifiers(), moved.id());
        deconfliction.followTransfer(moved.id(), previousTaskForceId);
    }

    private String nextNumber(String taskForceId) {
        TaskForce receiving = directory
                .taskForce(taskForceId)
                .orElseThrow(() -> new RuleRefused(
                        "Unknown task force", "task force " + taskForceId + " is no longer in the directory", null));
        return numbers.next(receiving, LocalDate.ofInstant(now(), ZoneOffset.UTC));
    }

    private Transfers.Filing filing(Caller caller, String action, String transferId) {
        return transfers.find(transferId).orElseThrow(() -> access.noSuchTransfer(caller, action, transferId));
    }

    private Optional<Transfer> view(Transfers.Filing filing) {
        return cases.find(filing.caseId())
                .flatMap(found -> Transfer.of(filing.transferId(), found.value(), cases.events(filing.caseId())));
    }

    private Transfer view(String transferId, Case theCase) {
        return Transfer.of(transferId, theCase, cases.events(theCase.id()))
                .orElseThrow(() -> NotFound.of("transfer", transferId));
    }

    private Instant now() {
        return clock.instant();
    }
}
