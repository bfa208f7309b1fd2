package taskforce.cases;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import taskforce.cases.casefile.Case;
import taskforce.cases.casefile.CaseIdentifier;
import taskforce.cases.casefile.CaseRuleViolation;
import taskforce.cases.casefile.Lifecycle;
import taskforce.cases.casefile.Roster;
import taskforce.cases.triage.CaseNumbers;
import taskforce.cases.triage.IdentifierNormalizer;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("taskforce.cases");

    @Test
    void theDomainModelKnowsNoSpringKafkaOrMongo() {
        noClasses()
                .that()
                .belongToAnyOf(
                        Case.class,
                        CaseIdentifier.class,
                        CaseRuleViolation.class,
                        Lifecycle.class,
                        Roster.class,
                        CaseNumbers.class,
                        IdentifierNormalizer.class,
                        taskforce.cases.deconfliction.PersonMatcher.class,
                        taskforce.cases.deconfliction.PossibleMatch.class,
                        taskforce.cases.transfer.Transfer.class,
                        taskforce.cases.transfer.TransferStatus.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.kafka..",
                        "com.mongodb..",
                        "org.bson..",
                        "taskforce.platform..")
                .check(classes);
    }
}
