package app.leaderboard.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port, with a data directory of its own (so its own
 * embedded servers, unless the test points it at others), the tests' admin token and the
 * clock the tests move ({@link MutableClock}): what {@link IntegrationTest} and
 * {@link RedisProcessTestBase} add their settings to, with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { TestProperties.DATA_DIR, TestProperties.ADMIN })
@Import(TestClockConfiguration.class)
public @interface ServiceTest {

}
