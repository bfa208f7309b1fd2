package taskforce.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** contracts is shared by every service, so it must stay free of frameworks and persistence. */
@AnalyzeClasses(packages = "taskforce.contracts", importOptions = ImportOption.DoNotIncludeTests.class)
class ContractsArchitectureTest {

    @ArchTest
    static final ArchRule noSpringNoPersistenceNoKafka = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "com.mongodb..",
                    "org.bson..",
                    "jakarta.persistence..");
}
