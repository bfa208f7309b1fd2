package taskforce.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("taskforce.notification");

    @Nested
    class DomainModel {

        @Test
        void isFreeOfSpringKafkaAndMongo() {
            noClasses()
                    .that()
                    .areNotMetaAnnotatedWith(Component.class)
                    .and()
                    .areNotAnnotatedWith(ConfigurationProperties.class)
                    .and()
                    .areNotNestedClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "com.mongodb..", "org.bson..")
                    .check(SERVICE);
        }
    }

    @Nested
    class Features {

        @Test
        void consumeKafkaOnlyThroughListenersAndTheirConfiguration() {
            noClasses()
                    .that()
                    .haveSimpleNameNotEndingWith("Listener")
                    .and()
                    .haveSimpleNameNotEndingWith("ConsumerConfiguration")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..")
                    .check(SERVICE);
        }
    }
}
