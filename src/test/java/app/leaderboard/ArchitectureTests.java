package app.leaderboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module map, enforced (README, "Packages"): no cycles between the top-level modules,
 * the root package included; storage and the shared words know nothing of HTTP or of the
 * features; SQL stays in {@code store.postgres}, Redis commands in {@code store.redis};
 * and no main class grows past 300 lines.
 */
@AnalyzeClasses(packages = "app.leaderboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String ROOT = "app.leaderboard";

	private static final int MAX_LINES = 300;

	/**
	 * Each module can be read, changed and tested knowing only those below it. The root
	 * package (the application and its entry point) is a module of its own here; a plain
	 * {@code slices().matching("app.leaderboard.(*)..")} leaves it out and cannot see a
	 * loop through it.
	 */
	@ArchTest
	static final ArchRule modulesAreFreeOfCycles = slices().assignedFrom(new TopLevelModules())
		.should()
		.beFreeOfCycles();

	/** The four parts of Redis build on each other in one direction. */
	@ArchTest
	static final ArchRule redisPartsAreFreeOfCycles = slices().matching(ROOT + ".store.redis.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule storageKnowsNoHttpNorFeature = noClasses().that()
		.resideInAPackage(ROOT + ".store..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ROOT + ".http..", ROOT + ".update..", ROOT + ".read..", ROOT + ".sync..",
				ROOT + ".operate..", ROOT + ".notify..", ROOT + ".league..", "org.springframework.web..",
				"org.springframework.http..", "jakarta.servlet..");

	@ArchTest
	static final ArchRule sharedWordsKnowNothingOfStorage = noClasses().that()
		.resideInAPackage(ROOT + ".core..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ROOT + ".store..", ROOT + ".http..", ROOT + ".update..", ROOT + ".read..", ROOT + ".sync..",
				ROOT + ".operate..", ROOT + ".notify..", ROOT + ".league..");

	@ArchTest
	static final ArchRule sqlStaysInThePostgresPackage = noClasses().that()
		.resideOutsideOfPackage(ROOT + ".store.postgres..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.jdbc.core..");

	/**
	 * The one exception: bucket4j's Lettuce proxy manager runs its own script on the rate
	 * limit keys, over a connection the rate limiter opens from the shared client.
	 */
	@ArchTest
	static final ArchRule redisCommandsStayInTheRedisPackage = noClasses().that()
		.resideOutsideOfPackage(ROOT + ".store.redis..")
		.and()
		.haveNameNotMatching("app\\.leaderboard\\.update\\.UpdateRateLimiter(\\$.*)?")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.lettuce.core.api..");

	/** http renders problems for every feature, so it may import none of them. */
	@ArchTest
	static final ArchRule httpKnowsNoFeature = noClasses().that()
		.resideInAPackage(ROOT + ".http..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(ROOT + ".update..", ROOT + ".read..", ROOT + ".sync..", ROOT + ".operate..",
				ROOT + ".notify..", ROOT + ".league..");

	/** A class past 300 lines holds more than one job (README, "House rules"). */
	@ArchTest
	static final ArchRule mainClassesStayUnder300Lines = classes().that()
		.areTopLevelClasses()
		.should(haveAtMostLines(MAX_LINES));

	private static ArchCondition<JavaClass> haveAtMostLines(int limit) {
		return new ArchCondition<>("have at most " + limit + " lines") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				Path source = Path.of("src/main/java", type.getPackageName().replace('.', '/'),
						type.getSimpleName() + ".java");
				if (!Files.isRegularFile(source)) {
					return;
				}
				long lines = lines(source);
				events.add(new SimpleConditionEvent(type, lines <= limit,
						source + " has " + lines + " lines, more than " + limit));
			}
		};
	}

	private static long lines(Path source) {
		try (Stream<String> lines = Files.lines(source)) {
			return lines.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A class's module: the first package below the root, or the root itself. */
	static final class TopLevelModules implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass type) {
			String name = type.getPackageName();
			if (name.equals(ROOT)) {
				return SliceIdentifier.of("(root)");
			}
			if (!name.startsWith(ROOT + ".")) {
				return SliceIdentifier.ignore();
			}
			String below = name.substring(ROOT.length() + 1);
			int dot = below.indexOf('.');
			return SliceIdentifier.of((dot < 0) ? below : below.substring(0, dot));
		}

		@Override
		public String getDescription() {
			return "top-level modules of " + ROOT;
		}

	}

}
