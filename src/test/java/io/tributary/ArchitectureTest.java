package io.tributary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * docs/architecture.md's package table, enforced as allow-lists: each layer names what it may use, so a new
 * dependency is a decision made here, not an accident. The rules, outside in: HTTP stays in {@code web}; the
 * capability ports and their values ({@code topic}, {@code produce}, {@code consume}, {@code common}) know no backend,
 * no HTTP and no Spring; the embedded backend ({@code embedded}, {@code log}) is reached only through the ports; the
 * log engine is plain Java; and no package, at any depth, takes part in a dependency cycle.
 */
class ArchitectureTest {

    /** The capability ports and the values that cross them. */
    private static final String[] PORTS = {"io.tributary.topic..", "io.tributary.produce..", "io.tributary.consume.."};
    private static final String EMBEDDED = "io.tributary.embedded..";
    private static final String ENGINE = "io.tributary.log..";
    private static final String WEB = "io.tributary.web..";
    private static final String KAFKA = "io.tributary.kafka..";

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tributary");
    }

    @Test
    void noPackageIsPartOfACycle() {
        slices().matching("io.tributary.(**)").should().beFreeOfCycles()
                .because("a package is understood, tested and replaced on its own only if it depends on nothing that "
                        + "depends back on it")
                .check(classes);
    }

    @Test
    void theSharedValuesAndErrorsUseOnlyTheJdk() {
        classes().that().resideInAPackage("io.tributary.common..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.tributary.common..", "java..")
                .because("every layer uses them, so they can use nothing of any layer")
                .check(classes);
    }

    @Test
    void settingsUseOnlyTheSharedValuesAndSpringBootsBinding() {
        classes().that().resideInAPackage("io.tributary.settings..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.tributary.settings..", "io.tributary.common..",
                        "java..", "org.springframework.boot.context.properties..", "org.springframework.util.unit..")
                .because("settings depend on nothing; wiring depends on everything; nothing depends on wiring")
                .check(classes);
    }

    @Test
    void thePortsKnowNoBackendNoHttpAndNoSpring() {
        classes().that().resideInAnyPackage(PORTS)
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PORTS, "io.tributary.common..", "java..",
                        "org.apache.kafka.common.utils.."))
                .because("both backends implement them and the web layer calls them (Kafka's utils: the murmur2 "
                        + "partitioner, so keys map exactly as Kafka maps them)")
                .check(classes);
    }

    @Test
    void theAclPortKnowsNoBackendNoHttpAndNoSpring() {
        classes().that().resideInAPackage("io.tributary.acl..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.tributary.acl..", "io.tributary.common..",
                        "io.tributary.settings..", "java..")
                .because("both backends implement it, the web layer's authorizer and controller call it; the "
                        + "configured ACLs (settings) are its starting set")
                .check(classes);
    }

    @Test
    void theLogEngineIsPlainJavaWithKafkasRecordCodec() {
        classes().that().resideInAPackage(ENGINE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(ENGINE, "io.tributary.common", "java..",
                        "javax.annotation..", "org.apache.kafka.common..", "org.slf4j..")
                .because("the engine is plain Java: no Spring, and of Tributary only the shared values (it is tested "
                        + "and benchmarked alone)")
                .check(classes);
    }

    @Test
    void onlyTheEmbeddedBackendUsesTheLogEngine() {
        noClasses().that().resideOutsideOfPackages(ENGINE, EMBEDDED)
                .should().dependOnClassesThat().resideInAPackage(ENGINE)
                .because("the engine's handles never cross the capability ports")
                .check(classes);
    }

    @Test
    void nothingReachesIntoTheEmbeddedBackend() {
        noClasses().that().resideOutsideOfPackage(EMBEDDED)
                .should().dependOnClassesThat().resideInAPackage(EMBEDDED)
                .because("it is one backend behind the ports, chosen by tributary.backend; Spring wires it in")
                .check(classes);
    }

    @Test
    void nothingReachesIntoTheKafkaBackendAndOnlyItUsesKafkasClients() {
        noClasses().that().resideOutsideOfPackage(KAFKA)
                .should().dependOnClassesThat().resideInAPackage(KAFKA)
                .because("it is the other backend behind the ports, chosen by tributary.backend; Spring wires it in")
                .check(classes);
        noClasses().that().resideOutsideOfPackage(KAFKA)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.clients..")
                .because("the admin, producer and consumer clients are the Kafka backend's; the rest of Tributary "
                        + "uses only Kafka's record codec and hash")
                .check(classes);
        noClasses().that().resideInAPackage(KAFKA)
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE, EMBEDDED, WEB)
                .because("the two backends share only the ports")
                .check(classes);
    }

    @Test
    void httpStaysInTheWebLayer() {
        noClasses().that().resideOutsideOfPackage(WEB)
                .should().dependOnClassesThat().resideInAPackage(WEB)
                .because("domain code throws domain exceptions; only the web layer knows error codes, media types "
                        + "and request bodies")
                .check(classes);
        noClasses().that().resideOutsideOfPackage(WEB)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..",
                        "jakarta.servlet..", "org.apache.catalina..", "org.apache.tomcat..")
                .check(classes);
    }

    @Test
    void theWebLayerUsesOnlyThePorts() {
        noClasses().that().resideInAPackage(WEB)
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE, EMBEDDED, KAFKA)
                .because("controllers depend on capability ports, never on a backend, files or SQL")
                .check(classes);
        classes().that().areAnnotatedWith(RestController.class).and().doNotImplement(ErrorController.class)
                .should().resideInAPackage(WEB)
                .andShould().notBePublic()
                .because("controllers are package-private, each in the web package of its capability")
                .check(classes);
    }

    @Test
    void controllersDoNotTouchFilesOrSql() {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.sql..", "javax.sql..",
                        "org.springframework.jdbc..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.FileChannel")
                .because("controllers parse, validate and map errors; backends own files and SQL")
                .check(classes);
    }

    @Test
    void springSecurityStaysInItsPackage() {
        noClasses().that().resideOutsideOfPackages("io.tributary.web.security..", "io.tributary")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.security..")
                .because("capabilities ask common.AccessControl; Spring Security is one implementation of it")
                .check(classes);
    }

    @Test
    void onlyTheOfficialAdviceMapsExceptions() {
        classes().that().areAnnotatedWith(RestControllerAdvice.class).or().areAnnotatedWith(ControllerAdvice.class)
                .should().haveFullyQualifiedName("io.tributary.web.ApiExceptionHandler")
                .check(classes);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
