package taskforce.console;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.platform.architecture.ServiceBoundaries;

/**
 * The console against the boundaries every service keeps ({@link ServiceBoundaries}) that apply to a
 * backend-for-frontend of one package. What Spring does not manage here is the pages' presentation logic (the
 * wording, the map, the results report, the forms, who is signed in, a service's refusal) and is held to the model
 * rule like a service's domain model, so it stays testable without a server; the beans (pages, the clients of the
 * services, sign-in and sign-out) are the web adapters around it.
 *
 * <p>Left out because they would judge nothing here: {@code applicationServicesAndStoresSpeakNoHttp}, as the
 * console has no application services or stores of its own (the services behind it do that work), and ArchUnit
 * fails a rule that finds no class to check; {@code featuresMeetOnlyThroughPublicTypes}, as the console is one
 * package without features, so that rule would pass whatever its classes did.
 */
class ArchitectureTest {

    private static final JavaClasses CONSOLE = ServiceBoundaries.of("taskforce.console");

    @Nested
    class PresentationModel {

        @Test
        void knowsNoSpringStoreBrokerOrHttp() {
            ServiceBoundaries.domainModelKnowsNoFrameworks().check(CONSOLE);
        }
    }

    @Nested
    class Beans {

        @Test
        void controllersLeaveTheStoreAndTheBrokerToServices() {
            ServiceBoundaries.controllersLeaveTheStoreToServices().check(CONSOLE);
        }

        @Test
        void onlyListenersAndConfigurationTouchKafka() {
            ServiceBoundaries.onlyListenersAndConfigurationTouchKafka().check(CONSOLE);
        }

        @Test
        void eventsLeaveOnlyThroughTheOutbox() {
            ServiceBoundaries.eventsLeaveOnlyThroughTheOutbox().check(CONSOLE);
        }
    }

    @Nested
    class Time {

        @Test
        void comesFromTheInjectedClock() {
            ServiceBoundaries.timeComesFromTheInjectedClock().check(CONSOLE);
        }
    }
}
