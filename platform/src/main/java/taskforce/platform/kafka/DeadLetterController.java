package taskforce.platform.kafka;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.contracts.Topic;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;
import taskforce.platform.web.ProblemException;

/** Lets a system administrator see what waits in a dead-letter topic and send it back to its source. */
@RestController
public class DeadLetterController {

    private final DeadLetterRedrive redrive;

    public DeadLetterController(DeadLetterRedrive redrive) {
        this.redrive = redrive;
    }

    @GetMapping("/api/dead-letters/{topic}")
    public List<DeadLetterRedrive.DeadLetter> pending(
            Caller caller, @PathVariable String topic, @RequestParam(defaultValue = "100") int limit) {
        caller.require(Role.ADMIN);
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalid("limit", "limit must be between 1 and 1000");
        }
        return redrive.pending(source(topic), limit);
    }

    @PostMapping("/api/dead-letters/{topic}/redrive")
    public DeadLetterRedrive.Report redrive(Caller caller, @PathVariable String topic) {
        caller.require(Role.ADMIN);
        return redrive.redrive(source(topic));
    }

    private static Topic source(String name) {
        return DeadLetterRedrive.sourceTopic(name).orElseThrow(() -> ProblemException.notFound("topic", name));
    }
}
