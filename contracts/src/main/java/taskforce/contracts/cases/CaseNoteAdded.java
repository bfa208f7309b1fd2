package taskforce.contracts.cases;

import java.time.Instant;

public record CaseNoteAdded(
        String caseId,
        String caseNumber,
        String taskForceId,
        String noteId,
        String text,
        String author,
        Instant addedAt)
        implements CaseEventData {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.noteAdded(this);
    }
}
