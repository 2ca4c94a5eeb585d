package app.leaderboard.operate.cli;

import org.jspecify.annotations.Nullable;

import java.net.ConnectException;
import java.sql.SQLException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import app.leaderboard.config.InvalidConfigurationException;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/** Turns what went wrong into the one line an operator reads. */
final class Failures {

	private Failures() {
	}

	/** The line for a failure while a command ran. */
	static String describe(Throwable failure, ServiceContext context) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CliFailure cli) {
				return cli.getMessage();
			}
			if (cause instanceof RedisUnavailableException) {
				return "Redis at " + context.describeRedis() + " is unreachable or failing ("
						+ firstLine(cause.getMessage()) + ")";
			}
			if (postgresUnreachable(cause)) {
				return "PostgreSQL at " + context.describePostgres() + " is unreachable";
			}
		}
		Throwable root = root(failure);
		return root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
	}

	/** The line for a service context that did not start. */
	static String startFailure(Throwable failure, ServiceContext context) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidConfigurationException) {
				return "Invalid configuration: " + firstLine(cause.getMessage());
			}
			if (postgresUnreachable(cause)) {
				return "PostgreSQL at " + context.describePostgres() + " is unreachable ("
						+ firstLine(root(cause).getMessage()) + ")";
			}
		}
		Throwable root = root(failure);
		return "the service could not start: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
	}

	private static boolean postgresUnreachable(Throwable cause) {
		if (cause instanceof CannotGetJdbcConnectionException || cause instanceof DataAccessResourceFailureException
				|| cause instanceof ConnectException) {
			return true;
		}
		// SQL state class 08: connection exception
		return cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
	}

	private static Throwable root(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure);
	}

	static String firstLine(@Nullable String message) {
		if (message == null || message.isBlank()) {
			return "no details";
		}
		return message.strip().lines().findFirst().orElse("");
	}

}
