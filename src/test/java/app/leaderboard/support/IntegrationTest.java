package app.leaderboard.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port, against a real embedded PostgreSQL and Redis (one
 * pair per test JVM, shared by every class with this annotation). Extend
 * {@link IntegrationTestBase} for a clean state per test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "leaderboard.data-dir=target/test-data/${random.uuid}",
				"leaderboard.admin-token=" + IntegrationTestBase.ADMIN_TOKEN, "leaderboard.relay-interval=500ms",
				"leaderboard.key-prefix=lbtest:",
				// tests make many updates per user; the rate limit has its own tests
				"leaderboard.rate-limit-per-minute=1000000" })
@Import(TestClockConfiguration.class)
public @interface IntegrationTest {

}
