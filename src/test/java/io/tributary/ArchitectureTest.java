package io.tributary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * design.md's package table, enforced: the engine is plain Java; each capability uses only what the table allows;
 * controllers parse and map, they never touch files or SQL.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tributary");
    }

    @Test
    void theLogEngineIsPlainJavaWithKafkasRecordCodec() {
        ArchRule rule = classes().that().resideInAPackage("io.tributary.log..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.tributary.log..", "java..", "javax.annotation..",
                        "org.apache.kafka.common..", "org.slf4j..")
                .because("the engine is plain Java (design.md): no Spring, no other Tributary package");
        rule.check(classes);
    }

    @Test
    void capabilitiesUseOnlyWhatTheTableAllows() {
        deny("io.tributary.topic..", "produce", "consume", "offset", "retention");
        deny("io.tributary.produce..", "consume", "offset", "retention");
        deny("io.tributary.consume..", "produce", "retention");
        deny("io.tributary.offset..", "produce", "consume", "retention");
        deny("io.tributary.retention..", "produce", "consume", "offset");
        deny("io.tributary.web..", "produce", "consume", "offset", "retention", "topic", "security");
        deny("io.tributary.security..", "log", "topic", "produce", "consume", "offset", "retention");
    }

    @Test
    void onlyTheWiringKnowsTheSecurityImplementation() {
        noClasses().that().resideOutsideOfPackages("io.tributary.security..", "io.tributary.config..", "io.tributary")
                .should().dependOnClassesThat().resideInAPackage("io.tributary.security..")
                .because("capabilities ask web.AccessControl; Spring Security stays in the security package")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("io.tributary.security..", "io.tributary")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.security..")
                .check(classes);
    }

    @Test
    void controllersDoNotTouchFilesOrSql() {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.sql..", "javax.sql..",
                        "org.springframework.jdbc..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.FileChannel")
                .because("controllers parse, validate and map errors; services own files and SQL (design.md)")
                .check(classes);
    }

    @Test
    void onlyTheOfficialAdviceMapsExceptions() {
        classes().that().areAnnotatedWith(org.springframework.web.bind.annotation.RestControllerAdvice.class)
                .or().areAnnotatedWith(org.springframework.web.bind.annotation.ControllerAdvice.class)
                .should().haveFullyQualifiedName("io.tributary.web.ApiExceptionHandler")
                .check(classes);
    }

    private static void deny(String packageName, String... capabilities) {
        String[] forbidden = new String[capabilities.length];
        for (int i = 0; i < capabilities.length; i++) {
            forbidden[i] = "io.tributary." + capabilities[i] + "..";
        }
        noClasses().that().resideInAPackage(packageName).should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .allowEmptyShould(true)
                .check(classes);
    }
}
