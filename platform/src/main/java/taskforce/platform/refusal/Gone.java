package taskforce.platform.refusal;

/**
 * It existed and was erased on purpose (a purged case): the answer carries what remains of it, its tombstone, as
 * properties. Only a caller who could have read it hears this; anyone else hears {@link NotFound}.
 */
public class Gone extends Refusal {

    public Gone(String title, String detail) {
        super(Kind.GONE, title, detail, null);
    }
}
