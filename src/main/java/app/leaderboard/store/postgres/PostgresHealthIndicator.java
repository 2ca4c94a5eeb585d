package app.leaderboard.store.postgres;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The PostgreSQL health probe: {@code /actuator/health} reports DOWN (503) while
 * PostgreSQL does not answer, and the gauge, admin status and CLI ask the same question.
 * It replaces Boot's DataSource indicator, whose validation query waits out the socket
 * timeout on a hung server; this one gives up after the pool's 3 s and the ping's 2 s.
 */
@Component("postgres")
public class PostgresHealthIndicator implements HealthIndicator {

	private static final String PING = "select 1";

	private final JdbcTemplate jdbc;

	PostgresHealthIndicator(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Health health() {
		return answers() ? Health.up().build() : Health.down().withDetail("reason", "no answer").build();
	}

	/**
	 * Whether PostgreSQL answers within two seconds; never throws. For health, gauges and
	 * status, which must say "down" rather than fail.
	 */
	public boolean answers() {
		try {
			return ping();
		}
		catch (DataAccessException ex) {
			return false;
		}
	}

	/**
	 * Whether PostgreSQL answers within two seconds; throws when it cannot be reached.
	 */
	public boolean ping() {
		return Boolean.TRUE.equals(this.jdbc.execute((ConnectionCallback<Boolean>) (con) -> {
			con.setNetworkTimeout(Runnable::run, 2_000);
			try (var statement = con.createStatement(); var rs = statement.executeQuery(PING)) {
				return rs.next() && rs.getInt(1) == 1;
			}
		}));
	}

}
