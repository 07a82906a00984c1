package dev.community.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seams of docs/ARCHITECTURE.md, checked on the server's compiled main classes: the cluster reaches Redis only
 * through {@code cluster/redis/}, behind {@code ClusterTransport} and the stores; and no class but the composition
 * root sees the node's whole context.
 */
class ArchitectureTest {
    private static final String REDIS_PACKAGE = "dev.community.server.cluster.redis..";
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.community.server");
    }

    @Test
    void theImportFoundTheServer() {
        assertThat(main.contain("dev.community.server.CommunityServer")).isTrue();
        assertThat(main.contain("dev.community.server.cluster.redis.RedisBackend")).isTrue();
    }

    @Test
    void onlyClusterRedisUsesLettuce() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(REDIS_PACKAGE)
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .because("Lettuce and the Lua scripts live only in cluster/redis/, behind ClusterTransport and the"
                        + " stores (docs/ARCHITECTURE.md, Seams)");
        rule.check(main);
    }

    @Test
    void onlyTheNodeNamesTheRedisBackend() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(REDIS_PACKAGE)
                .and().doNotHaveFullyQualifiedName("dev.community.server.cluster.ClusterNode")
                .should().dependOnClassesThat().resideInAPackage(REDIS_PACKAGE)
                .because("the cluster's parts know only ClusterTransport and the stores; ClusterNode picks the backend");
        rule.check(main);
    }

    @Test
    void onlyTheCompositionRootSeesTheWholeContext() {
        // the rule below would pass on nothing: the composition root itself does depend on it
        assertThat(main.get("dev.community.server.CommunityServer").getDirectDependenciesFromSelf())
                .anyMatch(d -> d.getTargetClass().getName().equals("dev.community.server.ServerContext"));
        ArchRule rule = noClasses()
                .that().haveNameNotMatching("dev\\.community\\.server\\.(CommunityServer|ServerContext)(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.community.server.ServerContext")
                .because("each class gets the collaborators it uses, passed by CommunityServer, so its constructor"
                        + " shows its dependencies (docs/ARCHITECTURE.md, The public pipeline)");
        rule.check(main);
    }
}
