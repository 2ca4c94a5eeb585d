package app.leaderboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps SQL in the postgres package and Redis commands in the redis package. */
@AnalyzeClasses(packages = "app.leaderboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule sqlStaysInThePostgresPackage = noClasses().that()
		.resideOutsideOfPackages("app.leaderboard.postgres..", "app.leaderboard.generate..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.jdbc.core..");

	@ArchTest
	static final ArchRule redisCommandsStayInTheRedisPackage = noClasses().that()
		.resideOutsideOfPackages("app.leaderboard.redis..", "app.leaderboard.ratelimit..", "app.leaderboard.security..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.lettuce.core.api..");

	@ArchTest
	static final ArchRule periodsKnowNothingOfStorage = noClasses().that()
		.resideInAPackage("app.leaderboard.period..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("app.leaderboard.postgres..", "app.leaderboard.redis..");

}
