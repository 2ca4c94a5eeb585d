package app.leaderboard.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * One context for the tests of non-default section 9 settings (one set of embedded
 * servers for all of them): the legacy API off, a one-second drift interval, gauges
 * refreshed every second.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = { "leaderboard.legacy-api=false", "leaderboard.drift-interval=1s",
		"leaderboard.key-count-interval=1s", "leaderboard.metrics-interval=1s" })
public @interface SelfRepairContext {

}
