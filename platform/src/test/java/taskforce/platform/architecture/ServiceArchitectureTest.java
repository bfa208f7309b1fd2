package taskforce.platform.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A service's classes against the boundaries every service keeps ({@link ServiceBoundaries}): a service's
 * {@code ArchitectureTest} extends this with its base package and adds only the rules of its own, so the list of
 * shared rules is written once and a rule added here is checked by every service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceArchitectureTest {

    protected final String base;
    protected final JavaClasses service;

    protected ServiceArchitectureTest(String basePackage) {
        this.base = basePackage;
        // imported once per class (PER_CLASS): importing a service's classes is the slow part
        this.service = ServiceBoundaries.of(basePackage);
    }

    @Test
    void theDomainModelKnowsNoSpringStoreBrokerOrHttp() {
        ServiceBoundaries.domainModelKnowsNoFrameworks().check(service);
    }

    @Test
    void applicationServicesAndStoresSpeakNoHttp() {
        ServiceBoundaries.applicationServicesAndStoresSpeakNoHttp().check(service);
    }

    @Test
    void controllersLeaveTheStoreAndTheBrokerToServices() {
        ServiceBoundaries.controllersLeaveTheStoreToServices().check(service);
    }

    @Test
    void onlyListenersAndConfigurationTouchKafka() {
        ServiceBoundaries.onlyListenersAndConfigurationTouchKafka().check(service);
    }

    @Test
    void eventsLeaveOnlyThroughTheOutbox() {
        ServiceBoundaries.eventsLeaveOnlyThroughTheOutbox().check(service);
    }

    @Test
    void timeComesFromTheInjectedClock() {
        ServiceBoundaries.timeComesFromTheInjectedClock().check(service);
    }

    @Test
    void featuresMeetOnlyThroughPublicTypesAndKeepTheirCollections() {
        ServiceBoundaries.featuresMeetOnlyThroughPublicTypes(base).check(service);
    }
}
