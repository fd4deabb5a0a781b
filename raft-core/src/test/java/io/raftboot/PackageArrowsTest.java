package io.raftboot;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.raftboot.api.BackwardsArrow;
import io.raftboot.node.RaftNodeImpl;
import org.junit.jupiter.api.Test;

/**
 * raft-core's packages in the order a request travels, every arrow pointing down (see
 * docs/ARCHITECTURE.md). Checked on the compiled classes, so a reference in any form (import, fully
 * qualified name, signature) counts. A layer may use the layers listed after it, never one before.
 */
class PackageArrowsTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.raftboot");

    /** Top to bottom. {@code inspect} is an offline entry point beside the top, reading storage. */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("wiring").definedBy("io.raftboot")
                .layer("inspect").definedBy("io.raftboot.inspect..")
                .layer("server").definedBy("io.raftboot.server..")
                .layer("command").definedBy("io.raftboot.command..")
                .layer("node").definedBy("io.raftboot.node..")
                .layer("transport").definedBy("io.raftboot.transport..")
                .layer("tls").definedBy("io.raftboot.tls..")
                .layer("storage").definedBy("io.raftboot.storage..")
                .layer("resp").definedBy("io.raftboot.resp..")
                .layer("consensus").definedBy("io.raftboot.consensus..")
                .layer("api").definedBy("io.raftboot.api..")

                .whereLayer("wiring").mayOnlyAccessLayers("server", "command", "node", "transport", "tls", "resp", "api")
                .whereLayer("inspect").mayOnlyAccessLayers("node", "storage", "consensus")
                // the server knows the dispatcher, never the node
                .whereLayer("server").mayOnlyAccessLayers("command", "transport", "tls", "resp", "api")
                // built-ins reach the member through node.LocalMember
                .whereLayer("command").mayOnlyAccessLayers("node", "resp", "consensus", "api")
                .whereLayer("node").mayOnlyAccessLayers("transport", "tls", "storage", "resp", "consensus", "api")
                .whereLayer("transport").mayOnlyAccessLayers("tls", "resp", "consensus")
                .whereLayer("tls").mayOnlyAccessLayers("api")
                .whereLayer("storage").mayOnlyAccessLayers("consensus")
                .whereLayer("resp").mayOnlyAccessLayers("api")
                .whereLayer("consensus").mayNotAccessAnyLayer()
                .whereLayer("api").mayNotAccessAnyLayer();
    }

    @Test
    void everyArrowPointsDown() {
        layers().check(MAIN);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.raftboot.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void commandsNeverSeeTheConcreteNode() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage("io.raftboot.command..")
                .should().dependOnClassesThat().areAssignableTo(RaftNodeImpl.class)
                .check(MAIN);
    }

    /** The rule is not vacuous: an api class that reaches into the node breaks it. */
    @Test
    void anArrowTurningBackIsCaught() {
        JavaClasses withBackwardsArrow = new ClassFileImporter().importClasses(BackwardsArrow.class, RaftNodeImpl.class);
        assertThat(layers().evaluate(withBackwardsArrow).getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("BackwardsArrow").contains("RaftNodeImpl"));
    }
}
