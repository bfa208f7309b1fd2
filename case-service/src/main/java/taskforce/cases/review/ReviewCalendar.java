package taskforce.cases.review;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.platform.mongo.BucketedIndex;

/**
 * When which case falls due for review, by task force and month ({@value #COLLECTION}, a {@link BucketedIndex}
 * read and written by {@code _id} only): {@code due|<taskForceId>|<yyyy-MM>} holds the cases of the task force
 * due that month, {@code months|<taskForceId>} the months filed for it, {@code taskforces} the task forces. The
 * list of due reviews and the reminder and lapse jobs read it instead of the cases, so none of them scans.
 *
 * <p>An entry is a pointer: a case validated since (due later), transferred or merged stays filed where it was
 * until it is filed again, and readers check every case they read against its own due date and task force. A
 * purged case is unfiled from every month and task force it ever had. On production MongoDB this would be a query
 * on {@code cases} by {@code {taskForceId: 1, reviewDueAt: 1}}; the in-process store answers none but exact keys,
 * and the calendar needs no index but {@code _id}.
 */
@Component
public class ReviewCalendar {

    public static final String COLLECTION = "review_calendar";
    private static final String TASK_FORCES = "taskforces";

    private final BucketedIndex index;

    public ReviewCalendar(MongoTemplate mongo) {
        this.index = new BucketedIndex(mongo, COLLECTION, "ids");
    }

    /**
     * Files the case as due at {@code due} in the task force; filing it again changes nothing. The task forces and
     * their months are few (a month a month), so they are filed in their heads without a read: four commands by
     * {@code _id} in all, one of them a read.
     */
    public void file(String taskForceId, Instant due, String caseId) {
        String month = month(due);
        index.addToHead(TASK_FORCES, taskForceId);
        index.addToHead(monthsKey(taskForceId), month);
        index.add(dueKey(taskForceId, month), caseId);
    }

    /** Takes the case out of the month of {@code due} in the task force, and the key with it once it is empty. */
    public void unfile(String taskForceId, Instant due, String caseId) {
        index.erase(dueKey(taskForceId, month(due)), caseId);
    }

    /** The task forces that have cases filed. */
    public List<String> taskForces() {
        return index.read(TASK_FORCES, String.class);
    }

    /**
     * The cases of the task force filed in a month up to and including the month of {@code before}, soonest month
     * first; the caller checks each against its own due date.
     */
    public List<String> filedUpTo(String taskForceId, Instant before) {
        String last = month(before);
        List<String> months = new ArrayList<>(index.read(monthsKey(taskForceId), String.class));
        months.removeIf(month -> month.compareTo(last) > 0);
        months.sort(null);
        Set<String> ids = index.readAll(
                months.stream().map(month -> dueKey(taskForceId, month)).toList(), String.class);
        return new ArrayList<>(ids);
    }

    /** Takes a stale pointer out: the case is not due then in that task force (validated since, moved, merged). */
    public void drop(String taskForceId, Collection<Instant> dues, String caseId) {
        dues.forEach(due -> unfile(taskForceId, due, caseId));
    }

    static String month(Instant due) {
        return YearMonth.from(due.atZone(ZoneOffset.UTC)).toString();
    }

    private static String monthsKey(String taskForceId) {
        return "months|" + taskForceId;
    }

    private static String dueKey(String taskForceId, String month) {
        return "due|" + taskForceId + "|" + month;
    }
}
