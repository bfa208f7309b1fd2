package taskforce.platform.refusal;

/** A well-formed request that the rules refuse: an unknown reference, a closed case, a lead not accepted. */
public class RuleRefused extends Refusal {

    public RuleRefused(String title, String detail, String field) {
        super(Kind.RULE_REFUSED, title, detail, field);
    }
}
