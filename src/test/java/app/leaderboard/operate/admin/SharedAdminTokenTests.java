package app.leaderboard.operate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.config.SettingsBinder;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.coordination.SharedValues;
import app.leaderboard.support.ProcessGroup;
import app.leaderboard.support.RedisProcess;

/**
 * Without {@code LEADERBOARD_ADMIN_TOKEN}, instances that share a Redis accept the token
 * the first of them generated and logged; only its hash is kept in Redis.
 */
class SharedAdminTokenTests {

	@RegisterExtension
	static final ProcessGroup servers = new ProcessGroup();

	private static RedisProcess redis;

	@BeforeAll
	static void startRedis() {
		redis = servers.start(() -> RedisProcess.start(Path.of("target", "test-redis", UUID.randomUUID().toString())));
	}

	@Test
	void instancesOnOneRedisAcceptTheFirstInstancesGeneratedToken() {
		LeaderboardProperties properties = SettingsBinder
			.bind(Map.of("REDIS_PORT", Integer.toString(redis.port()), "LEADERBOARD_KEYPREFIX", "lbtoken:"));
		try (RedisConnector first = new RedisConnector(properties.redis().settings(), Duration.ofSeconds(1));
				RedisConnector second = new RedisConnector(properties.redis().settings(), Duration.ofSeconds(1))) {
			AdminToken one = token(properties, first);
			AdminToken two = token(properties, second);
			one.shareGenerated();
			two.shareGenerated();

			assertThat(two.generated()).isNotEqualTo(one.generated());
			assertThat(two.matches(one.generated())).isTrue();
			assertThat(one.matches(one.generated())).isTrue();
			assertThat(two.matches(two.generated())).isFalse();
			List<String> keys = redis.call((c) -> c.keys("lbtoken:*"));
			assertThat(keys).containsExactly("lbtoken:shared:{admin-token-sha256}");
			String stored = redis.call((c) -> c.get("lbtoken:shared:{admin-token-sha256}"));
			assertThat(stored).doesNotContain(one.generated());

			// deleted (DELETE /admin/cache): put back by the next round, the same token
			redis.call((c) -> c.del("lbtoken:shared:{admin-token-sha256}"));
			two.keepShared();
			AdminToken three = token(properties, second);
			three.shareGenerated();
			assertThat(three.matches(one.generated())).isTrue();
		}
	}

	@Test
	void aConfiguredTokenIsTheOnlyOneAccepted() {
		LeaderboardProperties properties = SettingsBinder.bind(Map.of("REDIS_PORT", Integer.toString(redis.port()),
				"LEADERBOARD_KEYPREFIX", "lbconf:", "LEADERBOARD_ADMIN_TOKEN", "configured-token"));
		try (RedisConnector connector = new RedisConnector(properties.redis().settings(), Duration.ofSeconds(1))) {
			AdminToken token = token(properties, connector);
			token.shareGenerated();
			assertThat(token.generated()).isNull();
			assertThat(token.matches("configured-token")).isTrue();
			assertThat(token.matches("configured-token ")).isFalse();
			List<String> keys = redis.call((c) -> c.keys("lbconf:*"));
			assertThat(keys).isEmpty();
		}
	}

	private static AdminToken token(LeaderboardProperties properties, RedisConnector connector) {
		return new AdminToken(properties,
				new SharedValues(connector, new RedisGuard(Duration.ofSeconds(1)), properties));
	}

}
