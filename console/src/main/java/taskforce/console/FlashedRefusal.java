package taskforce.console;

import java.io.Serializable;

/**
 * A service's refusal as the page after a form's redirect shows it ({@code problem.title}, {@code
 * problem.summary()}, like {@link ServiceProblem}). Flash attributes travel in the session, and sessions live in
 * the store, so what is flashed must be serializable; the field messages go separately, as a plain map.
 */
record FlashedRefusal(String title, String summary) implements Serializable {

    static FlashedRefusal of(ServiceProblem problem) {
        return new FlashedRefusal(problem.title(), problem.summary());
    }
}
