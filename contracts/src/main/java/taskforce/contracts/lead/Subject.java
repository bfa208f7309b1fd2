package taskforce.contracts.lead;

import java.time.LocalDate;
import java.util.List;

/**
 * A person a lead names. {@code aliases} (other names the person is known by) was added after the first release
 * and is optional: events without it read as a subject without aliases.
 */
public record Subject(String name, LocalDate dateOfBirth, SubjectRole role, List<String> aliases) {

    public Subject(String name, LocalDate dateOfBirth, SubjectRole role) {
        this(name, dateOfBirth, role, null);
    }

    public Subject {
        aliases = aliases == null || aliases.isEmpty() ? null : List.copyOf(aliases);
    }
}
