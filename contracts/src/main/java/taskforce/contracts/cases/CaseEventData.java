package taskforce.contracts.cases;

/**
 * What every case event's data carries, so that a consumer can route any case event (to the case's and the task
 * force's subscribers) without knowing its type.
 */
public interface CaseEventData {

    String caseId();

    String caseNumber();

    String taskForceId();
}
