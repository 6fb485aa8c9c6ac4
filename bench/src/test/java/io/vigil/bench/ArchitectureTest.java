package io.vigil.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigil.core.device.DeviceAdapterProvider;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module graph pointing one way: core ← protocol-adapters (drivers), protocol-adapters/scan,
 * protocol-adapters/sim, model-runtime ← edge-agent; core, model-runtime ← cloud-hub. Libraries stay free of Vert.x;
 * protocol adapters stay independent of each other, and so do the drivers, the scanner and the simulator. The bench
 * module sees every module's classes, which is why the rule lives here.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.vigil");
        if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.vigil.core"))) {
            // The other modules' classes come from jars when the reactor is built with `package`; import those too.
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.vigil");
        }
    }

    @Test
    void importsEveryModule() {
        for (String pkg : new String[] {
            "io.vigil.core",
            "io.vigil.adapters.modbus",
            "io.vigil.adapters.scan",
            "io.vigil.adapters.sim",
            "io.vigil.model",
            "io.vigil.hub",
            "io.vigil.edge",
            "io.vigil.testing"
        }) {
            Assertions.assertThat(
                            classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of %s are on the test class path", pkg)
                    .isTrue();
        }
    }

    /** The testing kit is test scope everywhere but the bench: production code never reaches for it. */
    @Test
    void onlyTheBenchUsesTheTestingKit() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.vigil.core..",
                        "io.vigil.adapters..",
                        "io.vigil.model..",
                        "io.vigil.edge..",
                        "io.vigil.hub..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vigil.testing..")
                .check(classes);
    }

    /** Every module's tests use the kit, so it depends on none of them (launchers needing app classes stay there). */
    @Test
    void theTestingKitDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.vigil.testing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vigil.core..",
                        "io.vigil.adapters..",
                        "io.vigil.model..",
                        "io.vigil.edge..",
                        "io.vigil.hub..",
                        "io.vigil.bench..")
                .check(classes);
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.vigil.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vigil.adapters..", "io.vigil.model..", "io.vigil.edge..", "io.vigil.hub..")
                .check(classes);
    }

    @Test
    void librariesDoNotDependOnApplications() {
        noClasses()
                .that()
                .resideInAnyPackage("io.vigil.adapters..", "io.vigil.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vigil.edge..", "io.vigil.hub..")
                .check(classes);
    }

    @Test
    void adaptersAndModelRuntimeAreIndependent() {
        noClasses()
                .that()
                .resideInAPackage("io.vigil.adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vigil.model..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.vigil.model..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vigil.adapters..")
                .check(classes);
    }

    @Test
    void hubAndAgentDoNotDependOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.vigil.hub..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vigil.edge..", "io.vigil.adapters..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.vigil.edge..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vigil.hub..")
                .check(classes);
    }

    @Test
    void librariesStayFreeOfVertx() {
        noClasses()
                .that()
                .resideInAnyPackage("io.vigil.core..", "io.vigil.adapters..", "io.vigil.model..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vertx..")
                .check(classes);
    }

    @Test
    void protocolAdaptersAreIndependentOfEachOther() {
        slices().matching("io.vigil.adapters.(*)..")
                .should()
                .notDependOnEachOther()
                .check(classes);
    }

    /**
     * A protocol is a package with a {@link DeviceAdapterProvider}; the agent reaches it only through that SPI, so a
     * new protocol needs no edit in the agent. The protocol packages are found, not listed, so the rule covers the next
     * one too.
     */
    @Test
    void theAgentReachesProtocolsOnlyThroughTheirProvider() {
        String[] protocols = classes.stream()
                .filter(c -> !c.isInterface() && c.isAssignableTo(DeviceAdapterProvider.class))
                .map(c -> c.getPackageName() + "..")
                .distinct()
                .toArray(String[]::new);
        assertThat(protocols)
                .contains("io.vigil.adapters.modbus..", "io.vigil.adapters.opcua..", "io.vigil.adapters.s7..");
        noClasses()
                .that()
                .resideInAPackage("io.vigil.edge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(protocols)
                .because("protocol syntax and adapters live behind DeviceAdapterProvider")
                .check(classes);
    }

    @Test
    void driversDependOnNeitherTheScannerNorTheSimulator() {
        noClasses()
                .that()
                .resideInAnyPackage("io.vigil.adapters.modbus..", "io.vigil.adapters.opcua..", "io.vigil.adapters.s7..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vigil.adapters.scan..", "io.vigil.adapters.sim..")
                .check(classes);
    }

    @Test
    void scannerAndSimulatorAreIndependentOfEachOtherAndOfTheDrivers() {
        noClasses()
                .that()
                .resideInAPackage("io.vigil.adapters.scan..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vigil.adapters.sim..",
                        "io.vigil.adapters.modbus..",
                        "io.vigil.adapters.opcua..",
                        "io.vigil.adapters.s7..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.vigil.adapters.sim..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vigil.adapters.scan..",
                        "io.vigil.adapters.modbus..",
                        "io.vigil.adapters.opcua..",
                        "io.vigil.adapters.s7..")
                .check(classes);
    }

    @Test
    void scanCoreDoesNotDependOnItsProtocolPackages() {
        // the core finds the probes through ServiceLoader (ProbeProvider): a new protocol needs no edit in the core
        noClasses()
                .that()
                .resideInAPackage("io.vigil.adapters.scan")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vigil.adapters.scan.(*)..")
                .check(classes);
    }

    @Test
    void scanProtocolPackagesAreIndependentOfEachOther() {
        slices().matching("io.vigil.adapters.scan.(*)..")
                .should()
                .notDependOnEachOther()
                .check(classes);
    }

    @Test
    void onlyTheClusterPackageTouchesHazelcast() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.vigil.hub.cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.hazelcast..", "io.vertx.spi.cluster..")
                .because("a hub without --cluster must never need Hazelcast")
                .check(classes);
    }
}
