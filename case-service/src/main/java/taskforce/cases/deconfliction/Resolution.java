package taskforce.cases.deconfliction;

/** Where a hit stands for one side: new, seen, or resolved as the same target or as a different one. */
public enum Resolution {
    NEW,
    ACKNOWLEDGED,
    SAME_TARGET,
    DIFFERENT_TARGET
}
