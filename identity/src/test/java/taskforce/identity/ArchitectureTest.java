package taskforce.identity;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.platform.architecture.ServiceBoundaries;

/**
 * The provider against the boundaries every service keeps ({@link ServiceBoundaries}) that apply to it. It is one
 * package without features, services, stores or controllers of its own (Spring Authorization Server brings them),
 * so the rules about those have nothing here to judge.
 */
class ArchitectureTest {

    private static final JavaClasses PROVIDER = ServiceBoundaries.of("taskforce.identity");

    @Nested
    class DomainModel {

        @Test
        void knowsNoSpringStoreBrokerOrHttp() {
            ServiceBoundaries.domainModelKnowsNoFrameworks().check(PROVIDER);
        }
    }

    @Nested
    class Beans {

        @Test
        void onlyListenersAndConfigurationTouchKafka() {
            ServiceBoundaries.onlyListenersAndConfigurationTouchKafka().check(PROVIDER);
        }

        @Test
        void eventsLeaveOnlyThroughTheOutbox() {
            ServiceBoundaries.eventsLeaveOnlyThroughTheOutbox().check(PROVIDER);
        }
    }

    @Nested
    class Time {

        @Test
        void comesFromTheInjectedClock() {
            ServiceBoundaries.timeComesFromTheInjectedClock().check(PROVIDER);
        }
    }
}
