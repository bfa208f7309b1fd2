package taskforce.intake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses INTAKE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("taskforce.intake");

    @Nested
    class DomainModel {

        @Test
        void knowsNothingOfSpringKafkaOrMongo() {
            noClasses()
                    .that()
                    .haveSimpleNameStartingWith("Lead")
                    .and()
                    .haveSimpleNameNotEndingWith("Controller")
                    .and()
                    .haveSimpleNameNotEndingWith("Listener")
                    .and()
                    .haveSimpleNameNotEndingWith("Intake")
                    .and()
                    .doNotHaveSimpleName("Leads")
                    .and()
                    .doNotHaveSimpleName("LeadReferences")
                    .or()
                    .haveSimpleName("SubmissionEligibility")
                    .or()
                    .haveSimpleName("OccurrenceTime")
                    .or()
                    .haveSimpleName("RequestFingerprint")
                    .or()
                    .haveSimpleName("SubmissionAnswer")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..")
                    .check(INTAKE);
        }
    }

    @Nested
    class Events {

        @Test
        void leaveOnlyThroughTheOutbox() {
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .haveFullyQualifiedName("org.springframework.kafka.core.KafkaTemplate")
                    .orShould()
                    .dependOnClassesThat()
                    .haveFullyQualifiedName("org.apache.kafka.clients.producer.KafkaProducer")
                    .check(INTAKE);
        }
    }
}
