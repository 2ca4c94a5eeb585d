package app.leaderboard.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many PostgreSQL connections one instance may open, all its pools together, so that
 * several instances fit a shared server: eight instances at the default of 10 stay under
 * PostgreSQL's own default of 100 (docs/deployment.md, "Sizing").
 *
 * @param dbMaxConnections connections to PostgreSQL at most, the updates' pool and the
 * pool of everything else together ({@code LEADERBOARD_DB_MAX_CONNECTIONS})
 */
@ConfigurationProperties("leaderboard")
@Validated
public record DatabasePoolProperties(@DefaultValue("10") @Min(value = MINIMUM, message = RULE) @Max(value = 1000,
		message = RULE) int dbMaxConnections) {

	public static final String VARIABLE = "LEADERBOARD_DB_MAX_CONNECTIONS";

	/**
	 * The pool of everything but updates needs two connections at least: a full sync
	 * builds two keys at a time, each streaming its rows on a connection of its own.
	 */
	static final int SHARED_MINIMUM = 2;

	static final int MINIMUM = 3;

	static final String RULE = "must be a number of connections from 3 to 1000";

	/**
	 * The budget split between the updates' own pool (one connection per committer and a
	 * spare) and the pool of everything else.
	 * @throws InvalidConfigurationException when the committers leave the rest too few
	 */
	public Split split(int writeCommitters) {
		int updates = writeCommitters + 1;
		int shared = this.dbMaxConnections - updates;
		if (shared < SHARED_MINIMUM) {
			throw new InvalidConfigurationException(VARIABLE,
					"must be at least LEADERBOARD_WRITE_COMMITTERS + " + (1 + SHARED_MINIMUM) + " ("
							+ (updates + SHARED_MINIMUM) + " here), but is " + this.dbMaxConnections);
		}
		return new Split(updates, shared);
	}

	/** Connections of the updates' pool and of the shared pool; together the budget. */
	public record Split(int updates, int shared) {

	}

}
