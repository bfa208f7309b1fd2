package taskforce.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a person could have typed: no control characters and no invisible formatting characters (zero-width,
 * bidirectional overrides), which can make two identifiers look the same or hide what a log line says.
 * {@code lineBreaks} allows new lines and tabs, for free text such as a narrative.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    String message() default "must not contain control or invisible formatting characters";

    boolean lineBreaks() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
