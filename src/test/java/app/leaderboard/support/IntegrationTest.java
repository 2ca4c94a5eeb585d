package app.leaderboard.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The whole service on a random port, against a real embedded PostgreSQL and Redis (one
 * pair per test JVM, shared by every class with this annotation). Extend
 * {@link IntegrationTestBase} for a clean state per test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ServiceTest
@TestPropertySource(properties = { TestProperties.RELAY_INTERVAL, "leaderboard.key-prefix=lbtest:",
		// tests make many updates per user; the rate limit has its own tests
		"leaderboard.rate-limit-per-minute=1000000" })
public @interface IntegrationTest {

}
