package taskforce.platform.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.infra.CommandRecorder;
import taskforce.infra.TestStore;
import taskforce.platform.MutableClock;

/** Named leases taken in one command each: free, held by another, renewed by the holder, lapsed, given back. */
class LeasesTest {

    private static final String DATABASE = "platform-leases";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final CommandRecorder commands = new CommandRecorder();
    private static TestStore store;
    private static MongoTemplate mongo;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private Leases leases;

    @BeforeAll
    static void freshStore() {
        store = TestStore.connect(commands);
        mongo = store.fresh(DATABASE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void leases() {
        leases = new Leases(mongo, clock);
        commands.clear();
    }

    @Test
    void takesAFreeLeaseAndRefusesItToAnotherUntilItLapses() {
        Leases.Lease taken = leases.tryAcquire("job-a", "instance-1", MINUTE).orElseThrow();
        assertThat(taken.generation()).isEqualTo(1);
        assertThat(taken.until()).isEqualTo(clock.instant().plus(MINUTE));

        assertThat(leases.tryAcquire("job-a", "instance-2", MINUTE)).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(leases.tryAcquire("job-a", "instance-2", MINUTE)).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        Leases.Lease next = leases.tryAcquire("job-a", "instance-2", MINUTE).orElseThrow();
        assertThat(next.generation()).isEqualTo(2);
        assertThat(leases.tryAcquire("job-a", "instance-1", MINUTE))
                .as("the first holder's lease lapsed and was taken")
                .isEmpty();
    }

    @Test
    void letsItsHolderRenewItAndCarriesTheProgressToTheNextHolder() {
        Leases.Lease first = leases.tryAcquire("job-b", "instance-1", MINUTE).orElseThrow();
        assertThat(leases.recordProgress(first, "page 7")).isTrue();

        clock.advance(Duration.ofSeconds(30));
        Leases.Lease renewed = leases.tryAcquire("job-b", "instance-1", MINUTE).orElseThrow();
        assertThat(renewed.generation()).isEqualTo(2);
        assertThat(renewed.until()).isEqualTo(clock.instant().plus(MINUTE));
        assertThat(renewed.progress()).contains("page 7");
        assertThat(leases.recordProgress(first, "stale"))
                .as("the old generation writes nothing")
                .isFalse();

        leases.release(renewed);
        Leases.Lease other = leases.tryAcquire("job-b", "instance-2", MINUTE).orElseThrow();
        assertThat(other.progress()).contains("page 7");
    }

    @Test
    void sendsOneCommandWhetherTheLeaseIsNewFreeOrHeld() {
        leases.tryAcquire("job-c", "instance-1", MINUTE);
        assertThat(commandsSent()).as("a new lease").isEqualTo(1);

        leases.tryAcquire("job-c", "instance-2", MINUTE);
        assertThat(commandsSent()).as("a lease held by another").isEqualTo(1);

        leases.tryAcquire("job-c", "instance-1", MINUTE);
        assertThat(commandsSent()).as("a lease renewed").isEqualTo(1);
    }

    private long commandsSent() {
        long sent = commands.sentBy(Thread.currentThread()).stream()
                .filter(s -> Leases.COLLECTION.equals(s.collection()))
                .count();
        commands.clear();
        return sent;
    }
}
