package taskforce.contracts.cases;

import java.time.Instant;

/** A note of a merged case as the surviving case takes it in: written when and by whom it first was. */
public record MovedNote(String noteId, String text, String author, Instant addedAt) {}
