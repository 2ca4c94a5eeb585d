package app.leaderboard.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * What the test bases of the whole service ({@link IntegrationTestBase},
 * {@link RedisProcessTestBase}) share: the service's port, clock, PostgreSQL and Redis,
 * and {@link #resetState()}, which each calls before every test.
 */
public abstract class ServiceTestBase {

	/** The admin token of the service under test ({@link TestProperties#ADMIN_TOKEN}). */
	public static final String ADMIN_TOKEN = TestProperties.ADMIN_TOKEN;

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected RedisInspection redis;

	@Autowired
	protected RedisKeys keys;

	protected TestApi api;

	/**
	 * The clock at {@link MutableClock#DEFAULT}, empty tables, none of the service's keys
	 * in Redis, and a fresh {@link #api}.
	 */
	protected void resetState() {
		this.clock.set(MutableClock.DEFAULT);
		// TRUNCATE can deadlock with a maintenance tick reading the same tables: retry
		Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			this.jdbc.execute("truncate users, period_totals, board_sizes, idempotency_keys, outbox, scopes, "
					+ "erasures, scope_departures, league_tiers, league_groups, league_members");
			this.redis.deleteOwnKeys();
		});
		this.api = new TestApi(this.port);
	}

	protected String[] admin() {
		return new String[] { "Authorization", "Bearer " + ADMIN_TOKEN };
	}

}
