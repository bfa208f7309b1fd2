package taskforce.cases.casefile;

/**
 * The reason a person gives for a decision on a case (a status change, a review, a merge, a transfer's proposal or
 * its answer): free text, bounded the same everywhere so that a form need not know which decision it serves.
 */
public final class Reason {

    public static final int MAX_LENGTH = 2000;

    private Reason() {}
}
