package taskforce.platform.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class PlainTextValidator implements ConstraintValidator<PlainText, String> {

    private boolean lineBreaks;

    @Override
    public void initialize(PlainText annotation) {
        lineBreaks = annotation.lineBreaks();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return isPlain(value, lineBreaks);
    }

    /** The same rule for code that validates by hand. */
    public static boolean isPlain(String value, boolean lineBreaks) {
        return value == null || value.codePoints().allMatch(codePoint -> allowed(codePoint, lineBreaks));
    }

    private static boolean allowed(int codePoint, boolean lineBreaks) {
        if (lineBreaks && (codePoint == '\n' || codePoint == '\r' || codePoint == '\t')) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE
                && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }
}
