package taskforce.cases.casefile;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How long cases are kept between reviews, and when the review jobs act (issue 15): a case falls due a {@code
 * period} after its opening or its last validation ({@code taskforce.cases.review.period}, five years by default),
 * its task force's coordinators are reminded {@code reminderLead} before ({@code reminder-lead}, 30 days), and a
 * review nobody made lapses {@code grace} after the due date ({@code grace}, 30 days): the case is purged. The
 * jobs run every {@code interval} ({@code interval}, an hour).
 */
@Component
public class ReviewPolicy {

    private final Duration period;
    private final Duration reminderLead;
    private final Duration grace;
    private final Duration interval;

    public ReviewPolicy(
            @Value("${taskforce.cases.review.period:P1825D}") Duration period,
            @Value("${taskforce.cases.review.reminder-lead:P30D}") Duration reminderLead,
            @Value("${taskforce.cases.review.grace:P30D}") Duration grace,
            @Value("${taskforce.cases.review.interval:PT1H}") Duration interval) {
        if (period.isNegative() || period.isZero() || reminderLead.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException(
                    "taskforce.cases.review: the period must be positive, the rest not" + " negative");
        }
        this.period = period;
        this.reminderLead = reminderLead;
        this.grace = grace;
        this.interval = interval;
    }

    public Duration period() {
        return period;
    }

    public Duration reminderLead() {
        return reminderLead;
    }

    public Duration grace() {
        return grace;
    }

    public Duration interval() {
        return interval;
    }
}
