package taskforce.platform.refusal;

/** Nothing the caller may see has that id; a caller without need-to-know hears exactly this too. */
public class NotFound extends Refusal {

    public NotFound(String title, String detail, String field) {
        super(Kind.NOT_FOUND, title, detail, field);
    }

    /** The usual refusal: "case not found", "no case with id c-1". */
    public static NotFound of(String what, String id) {
        return new NotFound(what + " not found", "no " + what + " with id " + id, null);
    }
}
