package app.leaderboard.operate.cli;

import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.read.BoardReader;
import app.leaderboard.read.CacheStats;
import app.leaderboard.store.redis.RedisConfiguration;
import app.leaderboard.sync.BoardLoader;

/**
 * The service's own {@link BoardReader}, built by the service's own configuration in a
 * child of the CLI's context, with three settings changed: Redis is a port that refuses
 * every connection, its timeout is short, and the PostgreSQL fallback is on. Every read
 * then fails over to PostgreSQL through the same code as in production with Redis
 * stopped. Beans of the child have the parent's names, so they replace the parent's (the
 * Redis ones, the reader and its loader); everything else (PostgreSQL, periods, the
 * clock) is the parent's.
 */
final class FallbackReader implements AutoCloseable {

	/** Nothing listens on port 1 of the loopback: connections are refused at once. */
	static final Map<String, Object> DEAD_REDIS = Map.of("leaderboard.redis.url", "redis://127.0.0.1:1",
			"leaderboard.redis-timeout", "100ms", "leaderboard.redis-fallback", "true");

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

	FallbackReader(ConfigurableApplicationContext service) {
		this.context.setParent(service);
		this.context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("cache-perf", DEAD_REDIS));
		this.context.register(Beans.class);
		// the parent's bean names, so that these replace the parent's in every injection
		this.context.registerBean("cacheStats", CacheStats.class);
		this.context.registerBean("boardLoader", BoardLoader.class);
		this.context.registerBean("boardReader", BoardReader.class);
		this.context.refresh();
	}

	BoardReader reader() {
		return this.context.getBean(BoardReader.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LeaderboardProperties.class)
	@ComponentScan(basePackageClasses = RedisConfiguration.class)
	static class Beans {

	}

}
