package taskforce.platform.kafka;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.contracts.Topic;
import taskforce.platform.audit.AuditTrail;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

/**
 * Lets a system administrator see what waits in a dead-letter topic and send it back to its source. Dead letters
 * are events with their content, so every listing and re-drive is recorded in the audit trail under the topic.
 */
@RestController
public class DeadLetterController {

    static final String LIST = "dead-letter.list";
    static final String REDRIVE = "dead-letter.redrive";
    static final String OBJECT_TYPE = "TOPIC";

    private final DeadLetterRedrive redrive;
    private final AuditTrail audit;

    public DeadLetterController(DeadLetterRedrive redrive, AuditTrail audit) {
        this.redrive = redrive;
        this.audit = audit;
    }

    @GetMapping("/api/dead-letters/{topic}")
    public List<DeadLetterRedrive.DeadLetter> pending(
            Caller caller, @PathVariable String topic, @RequestParam(defaultValue = "100") int limit) {
        mayHandleDeadLetters(caller, LIST, topic);
        if (limit < 1 || limit > 1000) {
            throw new InvalidField("limit", "limit must be between 1 and 1000");
        }
        Topic source = source(topic);
        audit.allowed(caller, LIST, OBJECT_TYPE, topic);
        return redrive.pending(source, limit);
    }

    @PostMapping("/api/dead-letters/{topic}/redrive")
    public DeadLetterRedrive.Report redrive(Caller caller, @PathVariable String topic) {
        mayHandleDeadLetters(caller, REDRIVE, topic);
        Topic source = source(topic);
        audit.allowed(caller, REDRIVE, OBJECT_TYPE, topic);
        return redrive.redrive(source);
    }

    private void mayHandleDeadLetters(Caller caller, String action, String topic) {
        if (!caller.isAdmin()) {
            audit.refused(caller, action, OBJECT_TYPE, topic, "dead letters are for administrators");
            caller.require(Role.ADMIN);
        }
    }

    private static Topic source(String name) {
        return DeadLetterRedrive.sourceTopic(name).orElseThrow(() -> NotFound.of("topic", name));
    }
}
