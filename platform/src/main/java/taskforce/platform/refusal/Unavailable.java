package taskforce.platform.refusal;

/** Something the request needs is not available for now; the same request may succeed later. */
public class Unavailable extends Refusal {

    public Unavailable(String title, String detail, String field) {
        super(Kind.UNAVAILABLE, title, detail, field);
    }

    public Unavailable(String title, String detail) {
        this(title, detail, null);
    }
}
