package taskforce.platform.refusal;

/** The caller may see the object but not do this, or the request names someone the caller is not. */
public class Forbidden extends Refusal {

    public Forbidden(String title, String detail, String field) {
        super(Kind.FORBIDDEN, title, detail, field);
    }

    public Forbidden(String title, String detail) {
        this(title, detail, null);
    }

    public Forbidden(String detail) {
        this("Forbidden", detail, null);
    }
}
