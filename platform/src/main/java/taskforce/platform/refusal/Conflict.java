package taskforce.platform.refusal;

/** The request contradicts the current state: already assigned, already decided, an illegal status change. */
public class Conflict extends Refusal {

    public Conflict(String title, String detail, String field) {
        super(Kind.CONFLICT, title, detail, field);
    }

    public Conflict(String title, String detail) {
        this(title, detail, null);
    }
}
