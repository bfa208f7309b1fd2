package taskforce.notification;

import static taskforce.platform.architecture.ServiceBoundaries.controllersLeaveTheStoreToServices;
import static taskforce.platform.architecture.ServiceBoundaries.domainModelKnowsNoFrameworks;
import static taskforce.platform.architecture.ServiceBoundaries.featuresMeetOnlyThroughPublicTypes;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.platform.architecture.ServiceBoundaries;

/** The service against the boundaries every service keeps ({@link ServiceBoundaries}). */
class ArchitectureTest {

    private static final String BASE = "taskforce.notification";

    private static final JavaClasses SERVICE = ServiceBoundaries.of(BASE);

    @Nested
    class DomainModel {

        @Test
        void knowsNoSpringStoreBrokerOrHttp() {
            domainModelKnowsNoFrameworks().check(SERVICE);
        }
    }

    @Nested
    class Beans {

        @Test
        void applicationServicesAndStoresSpeakNoHttp() {
            ServiceBoundaries.applicationServicesAndStoresSpeakNoHttp().check(SERVICE);
        }

        @Test
        void controllersLeaveTheStoreAndTheBrokerToServices() {
            controllersLeaveTheStoreToServices().check(SERVICE);
        }

        @Test
        void onlyListenersAndConfigurationTouchKafka() {
            ServiceBoundaries.onlyListenersAndConfigurationTouchKafka().check(SERVICE);
        }

        @Test
        void eventsLeaveOnlyThroughTheOutbox() {
            ServiceBoundaries.eventsLeaveOnlyThroughTheOutbox().check(SERVICE);
        }
    }

    @Nested
    class Time {

        @Test
        void comesFromTheInjectedClock() {
            ServiceBoundaries.timeComesFromTheInjectedClock().check(SERVICE);
        }
    }

    @Nested
    class Features {

        @Test
        void meetOnlyThroughPublicTypesAndKeepTheirCollections() {
            featuresMeetOnlyThroughPublicTypes(BASE).check(SERVICE);
        }
    }
}
