package app.leaderboard;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module map, enforced: no cycles between the packages, SQL in the postgres package
 * and Redis commands in the redis package.
 */
@AnalyzeClasses(packages = "app.leaderboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** Each package can be read, changed and tested knowing only those below it. */
	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("app.leaderboard.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule sqlStaysInThePostgresPackage = noClasses().that()
		.resideOutsideOfPackage("app.leaderboard.store.postgres..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.jdbc.core..");

	/**
	 * The one exception: bucket4j's Lettuce proxy manager runs its own script on the rate
	 * limit keys, over a connection the rate limiter opens from the shared client.
	 */
	@ArchTest
	static final ArchRule redisCommandsStayInTheRedisPackage = noClasses().that()
		.resideOutsideOfPackages("app.leaderboard.store.redis..", "app.leaderboard.update..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.lettuce.core.api..");

	@ArchTest
	static final ArchRule periodsKnowNothingOfStorage = noClasses().that()
		.resideInAPackage("app.leaderboard.core..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("app.leaderboard.store..");

	/** web renders problems for every feature, so it may import none of them. */
	@ArchTest
	static final ArchRule webKnowsNoFeature = noClasses().that()
		.resideInAPackage("app.leaderboard.http")
		.should()
		.dependOnClassesThat(
				resideInAPackage("app.leaderboard..").and(resideOutsideOfPackage("app.leaderboard.http")));

}
