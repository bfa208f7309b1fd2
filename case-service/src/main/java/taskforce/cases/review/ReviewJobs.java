package taskforce.cases.review;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import taskforce.cases.casefile.ReviewPolicy;
import taskforce.platform.lease.Leases;

/**
 * Runs the review jobs every {@code taskforce.cases.review.interval}: the reminders, the lapses and the erasures
 * left pending, each under its lease ({@code review:remind}, {@code review:lapse}, {@code review:erase}) so that of
 * several instances only one runs a job at a time, as the outbox sweep and the pruning do. Their times come from
 * the service's clock; tests run them through the same methods with a clock they move.
 */
@Component
public class ReviewJobs implements SmartLifecycle {

    static final String REMIND = "review:remind";
    static final String LAPSE = "review:lapse";
    static final String ERASE = "review:erase";

    private static final Logger log = LoggerFactory.getLogger(ReviewJobs.class);

    private final CaseReviews reviews;
    private final Leases leases;
    private final ReviewPolicy policy;
    private final String owner = "review-jobs-" + UUID.randomUUID();
    private volatile ScheduledExecutorService scheduler;

    public ReviewJobs(CaseReviews reviews, Leases leases, ReviewPolicy policy) {
        this.reviews = reviews;
        this.leases = leases;
        this.policy = policy;
    }

    /** Reminds of the reviews falling due, if this instance gets the lease; empty when another holds it. */
    public Optional<Integer> remind() {
        return underLease(REMIND, reviews::remind);
    }

    /** Purges the cases whose review lapsed, if this instance gets the lease. */
    public Optional<Integer> lapse() {
        return underLease(LAPSE, reviews::lapse);
    }

    /** Finishes the erasures left pending, if this instance gets the lease. */
    public Optional<Integer> resumeErasures() {
        return underLease(ERASE, reviews::resumeErasures);
    }

    private Optional<Integer> underLease(String name, IntSupplier job) {
        // held for a few runs at most: a holder that dies delays the next one by that much
        Optional<Leases.Lease> lease = leases.tryAcquire(name, owner, leaseTime());
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(job.getAsInt());
        } finally {
            leases.release(lease.get());
        }
    }

    private Duration leaseTime() {
        Duration twice = policy.interval().multipliedBy(2);
        return twice.compareTo(Duration.ofMinutes(10)) < 0 ? Duration.ofMinutes(10) : twice;
    }

    private void runAll() {
        for (Runnable job : new Runnable[] {this::resumeErasures, this::remind, this::lapse}) {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("a review job failed; next run in {}: {}", policy.interval(), e.toString());
            }
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "review-jobs");
            thread.setDaemon(true);
            return thread;
        });
        long every = policy.interval().toMillis();
        executor.scheduleWithFixedDelay(this::runAll, every, every, TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = scheduler;
        scheduler = null;
        if (current != null) {
            current.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
