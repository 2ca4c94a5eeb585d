package app.leaderboard.redis;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.config.RedisSettings;

/** Redis beans: the configured Redis, or an embedded one started here. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedRedisHolder embeddedRedis(LeaderboardProperties properties) {
		RedisSettings settings = properties.redis().settings();
		return new EmbeddedRedisHolder(
				settings.embedded() ? EmbeddedRedisServer.start(properties.dataPath(), settings.password()) : null);
	}

	@Bean(destroyMethod = "close")
	RedisConnector redisConnector(LeaderboardProperties properties, EmbeddedRedisHolder embedded) {
		RedisSettings settings = properties.redis().settings();
		if (embedded.server() != null) {
			settings = settings.withEmbeddedPort(embedded.server().port());
		}
		return new RedisConnector(settings, properties.redisTimeout());
	}

	@Bean
	RedisGuard redisGuard(LeaderboardProperties properties) {
		return new RedisGuard(properties.redisTimeout());
	}

	@Bean
	RedisBoards redisBoards(RedisConnector connector, RedisGuard guard, LeaderboardProperties properties, Clock clock) {
		return new RedisBoards(connector, guard, new RedisKeys(properties.keyPrefix()), clock);
	}

	@Bean
	RedisErasure redisErasure(RedisConnector connector, RedisGuard guard, LeaderboardProperties properties) {
		return new RedisErasure(connector, guard, new RedisKeys(properties.keyPrefix()));
	}

	/** Keeps the embedded server (or nothing) so that it stops with the context. */
	record EmbeddedRedisHolder(EmbeddedRedisServer server) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			if (this.server != null) {
				this.server.close();
			}
		}

	}

}
