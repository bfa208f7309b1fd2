package taskforce.cases.casefile;

import java.time.Instant;

public record CaseNote(String noteId, String text, String author, Instant addedAt) {}
