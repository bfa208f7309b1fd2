package taskforce.platform.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;

/**
 * The boundaries every service keeps, stated once and checked against each service's classes by its
 * {@code ArchitectureTest}. The rules name classes by what they are (a Spring bean of a stereotype, a listener, the
 * feature package they live in), never by a list, so a class added tomorrow is held to them as it compiles.
 *
 * <p>A service is {@code <base>.<feature>..}: one package per feature. What Spring manages there (beans of every
 * stereotype, configuration, configuration properties) is the feature's wiring; everything else is its domain
 * model — the aggregates, value types, rules and decisions — and knows no framework, store, broker or HTTP.
 */
public final class ServiceBoundaries {

    /** What the domain model never sees: the frameworks, the store, the broker, HTTP, and platform's plumbing. */
    static final String[] FRAMEWORKS = {
        "org.springframework..",
        "org.apache.kafka..",
        "com.mongodb..",
        "org.bson..",
        "jakarta.servlet..",
        "java.net.http..",
        "taskforce.platform.audit..",
        "taskforce.platform.health..",
        "taskforce.platform.inbox..",
        "taskforce.platform.kafka..",
        "taskforce.platform.lease..",
        "taskforce.platform.mongo..",
        "taskforce.platform.outbox..",
        "taskforce.platform.retention.."
    };

    static final String[] HTTP = {"org.springframework.http..", "org.springframework.web..", "jakarta.servlet.."};

    static final String[] KAFKA = {"org.springframework.kafka..", "org.apache.kafka.."};

    static final String[] STORE = {
        "com.mongodb..", "org.bson..", "org.springframework.data..", "taskforce.platform.mongo.."
    };

    /**
     * Beans, configuration and configuration properties, with the types nested in them (a bean's own records and
     * anonymous classes are part of the bean).
     */
    static final DescribedPredicate<JavaClass> MANAGED_BY_SPRING =
            describe("managed by Spring", ServiceBoundaries::managedBySpring);

    /**
     * {@code Instant.now()} and the other clockless {@code now()}s of java.time, the system clocks, the epoch millis,
     * {@code new Date()}.
     */
    static boolean readsTheSystemClock(AccessTarget target) {
        if (!(target instanceof AccessTarget.CodeUnitAccessTarget codeUnit)) {
            return false;
        }
        String owner = codeUnit.getOwner().getName();
        String name = codeUnit.getName();
        boolean noParameters = codeUnit.getRawParameterTypes().isEmpty();
        return (owner.startsWith("java.time.") && name.equals("now") && noParameters)
                || (owner.equals("java.time.Clock") && name.startsWith("system"))
                || (owner.equals("java.lang.System") && name.equals("currentTimeMillis"))
                || (owner.equals("java.util.Date") && name.equals("<init>") && noParameters);
    }

    private ServiceBoundaries() {}

    /** The service's production classes, tests left out. */
    public static JavaClasses of(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    public static ArchRule domainModelKnowsNoFrameworks() {
        return noClasses()
                .that(not(MANAGED_BY_SPRING))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS)
                .because("a feature's model (what Spring does not manage) decides; Spring, the store, the broker"
                        + " and HTTP belong to the beans that wire it");
    }

    public static ArchRule applicationServicesAndStoresSpeakNoHttp() {
        return noClasses()
                .that()
                .areMetaAnnotatedWith(Service.class)
                .or()
                .areMetaAnnotatedWith(Repository.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(HTTP)
                .because("application services refuse with domain exceptions that platform maps to problem details"
                        + " in one place");
    }

    public static ArchRule controllersLeaveTheStoreToServices() {
        return noClasses()
                .that()
                .areMetaAnnotatedWith(Controller.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(STORE)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(KAFKA);
    }

    public static ArchRule onlyListenersAndConfigurationTouchKafka() {
        return noClasses()
                .that(not(describe(
                        "listeners or configuration",
                        c -> outermost(c).getSimpleName().endsWith("Listener")
                                || outermost(c).isMetaAnnotatedWith(Configuration.class))))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(KAFKA)
                .because("events leave through the outbox and arrive through listeners");
    }

    public static ArchRule eventsLeaveOnlyThroughTheOutbox() {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.kafka.core.KafkaTemplate")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.apache.kafka.clients.producer.KafkaProducer")
                .because("a state change and its events are one write; the relay sends them");
    }

    /**
     * A time comes from the service's {@code Clock} bean, which tests can stop or move on; the system clock is read
     * once, where that bean is made. {@code Instant.now(clock)} and its kind are fine: only the forms without a
     * clock read the system's.
     */
    public static ArchRule timeComesFromTheInjectedClock() {
        return classes()
                .that(not(describe("configuration", ServiceBoundaries::configuration)))
                .should(new ArchCondition<JavaClass>("not read the system clock") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        // calls and method references (Clock::systemUTC) alike
                        for (JavaAccess<?> access : origin.getAccessesFromSelf()) {
                            if (readsTheSystemClock(access.getTarget())) {
                                events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                            }
                        }
                    }
                })
                .because("a time read from the system clock is one a test cannot move, so what depends on it"
                        + " (leases, expiry, read marks, signatures) goes untested");
    }

    /** Features meet only through what they make public, and never read each other's collections. */
    public static ArchRule featuresMeetOnlyThroughPublicTypes(String basePackage) {
        return classes()
                .that()
                .resideInAPackage(basePackage + "..")
                .should(
                        new ArchCondition<JavaClass>("reach other features only through their public types and"
                                + " leave their collections to them") {
                            @Override
                            public void check(JavaClass origin, ConditionEvents events) {
                                Optional<String> from = feature(basePackage, origin);
                                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                                    JavaClass target = dependency.getTargetClass();
                                    if (otherFeature(basePackage, from, target) && !publicAllTheWay(target)) {
                                        events.add(
                                                SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                                    }
                                }
                                for (JavaAccess<?> access : origin.getAccessesFromSelf()) {
                                    AccessTarget target = access.getTarget();
                                    if (!otherFeature(basePackage, from, target.getOwner())) {
                                        continue;
                                    }
                                    boolean readsCollection = access instanceof JavaFieldAccess
                                            && target.getName().contains("COLLECTION");
                                    boolean nonPublic = target.resolveMember()
                                            .map(member ->
                                                    !member.getModifiers().contains(JavaModifier.PUBLIC))
                                            .orElse(false);
                                    if (readsCollection || nonPublic) {
                                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                                    }
                                }
                            }
                        });
    }

    static boolean managedBySpring(JavaClass type) {
        for (Optional<JavaClass> c = Optional.of(type);
                c.isPresent();
                c = c.get().getEnclosingClass()) {
            if (c.get().isMetaAnnotatedWith(Component.class)
                    || c.get().isAnnotatedWith(ConfigurationProperties.class)) {
                return true;
            }
        }
        return false;
    }

    /** A configuration class, or a type nested in one (a bean method's lambda). */
    private static boolean configuration(JavaClass type) {
        for (Optional<JavaClass> c = Optional.of(type);
                c.isPresent();
                c = c.get().getEnclosingClass()) {
            if (c.get().isMetaAnnotatedWith(Configuration.class)) {
                return true;
            }
        }
        return false;
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    private static Optional<String> feature(String basePackage, JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(basePackage + ".")) {
            return Optional.empty();
        }
        String rest = name.substring(basePackage.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    private static boolean otherFeature(String basePackage, Optional<String> from, JavaClass target) {
        Optional<String> to = feature(basePackage, target);
        return to.isPresent() && !to.equals(from);
    }

    private static boolean publicAllTheWay(JavaClass type) {
        if (type.isArray()) {
            return publicAllTheWay(type.getComponentType());
        }
        for (Optional<JavaClass> c = Optional.of(type);
                c.isPresent();
                c = c.get().getEnclosingClass()) {
            if (!c.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }
}
