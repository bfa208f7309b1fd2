package taskforce.cases.operations;

/** The kinds of planned operation that put officers on the ground and so need deconfliction. */
public enum OperationType {
    SEARCH_WARRANT,
    SURVEILLANCE,
    UNDERCOVER_MEETING,
    ARREST
}
