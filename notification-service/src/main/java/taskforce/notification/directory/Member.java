package taskforce.notification.directory;

import java.util.List;

/** What notifications need to know about a task force member, kept from the directory events. */
public record Member(String id, String name, String agencyId, String email, List<String> taskForceIds, String role) {

    public boolean hasEmail() {
        return email != null && !email.isBlank();
    }
}
