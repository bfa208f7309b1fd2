package taskforce.notification.access;

import java.util.List;

/** A case as this service knows it from its events ({@link KnownCases}); the lists are empty until events name someone. */
public record KnownCase(
        String caseId, String taskForceId, String status, List<String> leadAgencyIds, List<String> assignedMemberIds) {}
