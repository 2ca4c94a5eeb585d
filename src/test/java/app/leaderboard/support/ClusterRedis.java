package app.leaderboard.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs an {@link IntegrationTest} class against a Redis Cluster (three masters, three
 * replicas) instead of the embedded single Redis: put it on a subclass of an existing
 * test class, and every test of that class runs again on the cluster. The cluster starts
 * once per test JVM and every such class shares it and its application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ContextConfiguration(initializers = ClusterRedis.Initializer.class)
public @interface ClusterRedis {

	/** Points the service at the shared cluster. */
	class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private static RedisClusterFixture cluster;

		public static synchronized RedisClusterFixture cluster() {
			if (cluster == null) {
				cluster = RedisClusterFixture
					.start(Path.of("target", "redis-cluster", Long.toString(ProcessHandle.current().pid())));
				Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
			}
			return cluster;
		}

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			// every context on the shared cluster has keys of its own: a cached context's
			// maintenance must not write its PostgreSQL's users into another's boards
			TestPropertyValues.of(cluster().properties())
				.and("leaderboard.key-prefix=lbtest-" + UUID.randomUUID().toString().substring(0, 8) + ":")
				.applyTo(context);
		}

	}

}
