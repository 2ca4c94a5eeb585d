package app.leaderboard.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.store.redis.connection.RedisConnector;

/**
 * An integration test that also looks at Redis directly ({@link RawRedis}, a connection
 * of its own, opened and closed around each test).
 */
public abstract class RawRedisTestBase extends IntegrationTestBase {

	@Autowired
	protected RedisConnector connector;

	protected RawRedis raw;

	@BeforeEach
	void openRawRedis() {
		this.raw = new RawRedis(this.connector);
	}

	@AfterEach
	void closeRawRedis() {
		this.raw.close();
	}

}
