package taskforce.contracts.lead;

import java.time.LocalDate;

public record Subject(String name, LocalDate dateOfBirth, SubjectRole role) {}
