package app.leaderboard.store.redis;

import org.jspecify.annotations.Nullable;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lettuce.core.tracing.MicrometerTracing;
import io.lettuce.core.tracing.Tracing;
import io.micrometer.observation.ObservationRegistry;

import app.leaderboard.config.ConditionalOnTraces;
import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.config.RedisSettings;
import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.board.RedisBoardReads;
import app.leaderboard.store.redis.league.RedisLeagueChecks;
import app.leaderboard.store.redis.league.RedisLeagues;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.board.RedisChecksums;
import app.leaderboard.store.redis.board.RedisErasure;
import app.leaderboard.store.redis.board.RedisGenerations;
import app.leaderboard.store.redis.board.RedisTeamSums;
import app.leaderboard.store.redis.board.RedisStreaks;
import app.leaderboard.store.redis.board.StreakWrites;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.build.RedisBuilds;
import app.leaderboard.store.redis.connection.EmbeddedRedisServer;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.connection.RequestThread;
import app.leaderboard.store.redis.coordination.BoardChannel;
import app.leaderboard.store.redis.coordination.LockWatchdog;
import app.leaderboard.store.redis.coordination.RedisLocks;

/**
 * Redis beans: the configured Redis, or an embedded one started here. Public for the
 * CLI's fallback reader, which scans this package to build them anew against a Redis that
 * refuses every connection.
 */
@Configuration(proxyBeanMethods = false)
public class RedisConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedRedisHolder embeddedRedis(LeaderboardProperties properties) {
		RedisSettings settings = properties.redis().settings();
		return new EmbeddedRedisHolder(
				settings.embedded() ? EmbeddedRedisServer.start(properties.dataPath(), settings.password()) : null);
	}

	@Bean(destroyMethod = "close")
	RedisConnector redisConnector(LeaderboardProperties properties, EmbeddedRedisHolder embedded,
			ObjectProvider<Tracing> tracing) {
		RedisSettings settings = properties.redis().settings();
		if (embedded.server() != null) {
			settings = settings.withEmbeddedPort(embedded.server().port());
		}
		return new RedisConnector(settings, properties.redisTimeout(), tracing.getIfAvailable(Tracing::disabled));
	}

	/**
	 * A span per Redis command, child of whatever is observed on the calling thread (a
	 * request, an update batch, a maintenance task); without the command's arguments,
	 * which hold user ids.
	 */
	@Bean
	@ConditionalOnTraces
	Tracing redisTracing(ObservationRegistry observations) {
		return new MicrometerTracing(observations, "redis");
	}

	@Bean
	RedisGuard redisGuard(LeaderboardProperties properties, ObjectProvider<RequestThread> requestThread) {
		return new RedisGuard(properties.redisTimeout(), requestThread.getIfAvailable(() -> RequestThread.NONE));
	}

	@Bean
	RedisKeys redisKeys(LeaderboardProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}

	@Bean
	RedisBoardReads redisBoardReads(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		return new RedisBoardReads(connector, guard, keys);
	}

	@Bean
	RedisTeamSums redisTeamSums(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		return new RedisTeamSums(connector, guard, keys);
	}

	@Bean
	RedisChecksums redisChecksums(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		return new RedisChecksums(connector, guard, keys);
	}

	@Bean
	RedisLeagues redisLeagues(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock) {
		return new RedisLeagues(connector, guard, keys, clock);
	}

	@Bean
	RedisLeagueChecks redisLeagueChecks(RedisConnector connector, RedisGuard guard, RedisKeys keys,
			RedisLeagues leagues) {
		return new RedisLeagueChecks(connector, guard, keys, leagues);
	}

	@Bean
	StreakWrites streakWrites(RedisKeys keys, Periods periods) {
		return new StreakWrites(keys, periods);
	}

	@Bean
	RedisStreaks redisStreaks(RedisConnector connector, RedisGuard guard, RedisKeys keys, StreakWrites writes) {
		return new RedisStreaks(connector, guard, keys, writes);
	}

	@Bean
	RedisGenerations redisGenerations(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		return new RedisGenerations(connector, guard, keys);
	}

	@Bean
	RedisBoardWrites redisBoardWrites(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock,
			StreakWrites streaks, RedisGenerations generations) {
		return new RedisBoardWrites(connector, guard, keys, clock, streaks, generations);
	}

	@Bean
	RedisBuilds redisBuilds(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock,
			RedisGenerations generations) {
		return new RedisBuilds(connector, guard, keys, clock, generations);
	}

	@Bean
	RedisLocks redisLocks(RedisConnector connector, RedisGuard guard, LockWatchdog watchdog) {
		return new RedisLocks(connector, guard, watchdog);
	}

	@Bean
	RedisInspection redisInspection(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		return new RedisInspection(connector, guard, keys);
	}

	@Bean
	RedisErasure redisErasure(RedisConnector connector, RedisGuard guard, RedisKeys keys, Periods periods,
			StreakWrites streaks) {
		return new RedisErasure(connector, guard, keys, periods, streaks);
	}

	@Bean(destroyMethod = "close")
	BoardChannel boardChannel(RedisConnector connector, RedisKeys keys) {
		return new BoardChannel(connector, keys);
	}

	/** Keeps the embedded server (or nothing) so that it stops with the context. */
	record EmbeddedRedisHolder(@Nullable EmbeddedRedisServer server) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			if (this.server != null) {
				this.server.close();
			}
		}

	}

}
