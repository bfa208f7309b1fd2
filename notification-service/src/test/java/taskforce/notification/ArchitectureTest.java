package taskforce.notification;

import taskforce.platform.architecture.ServiceArchitectureTest;

/** The service against the boundaries every service keeps; it has no rules of its own. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("taskforce.notification");
    }
}
