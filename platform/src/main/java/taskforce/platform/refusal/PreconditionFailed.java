package taskforce.platform.refusal;

/** The request was made against a version that has moved on: read again and retry. */
public class PreconditionFailed extends Refusal {

    public PreconditionFailed(String title, String detail) {
        super(Kind.PRECONDITION_FAILED, title, detail, null);
    }
}
