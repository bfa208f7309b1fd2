package taskforce.cases;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;
import taskforce.platform.architecture.ServiceArchitectureTest;

/** The service against the boundaries every service keeps, and the one rule of its own: how results are composed. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("taskforce.cases");
    }

    @Test
    void reportsReadNeitherTheStoreNorTriage() {
        noClasses()
                .that()
                .resideInAPackage(base + ".reports..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        base + ".triage..",
                        "com.mongodb..",
                        "org.bson..",
                        "org.springframework.data..",
                        "taskforce.platform.mongo..")
                .because("the results are composed from what casefile and the directory publish, not from how"
                        + " they store it")
                .check(service);
    }
}
