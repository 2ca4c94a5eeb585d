package app.leaderboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.LeaderboardApplication;
import app.leaderboard.store.postgres.EmbeddedPostgresServer;

/**
 * Several instances of the service in this JVM (Spring contexts on their own ports, with
 * the real clock), sharing one PostgreSQL started here and one Redis deployment given by
 * properties, as N instances behind a load balancer would.
 */
public final class ServiceInstances implements AutoCloseable {

	public static final String ADMIN_TOKEN = "instances-admin-token";

	private final EmbeddedPostgresServer postgres;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private ServiceInstances(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts {@code count} instances; {@code redis} holds the Redis settings, e.g.
	 * {@code leaderboard.redis.cluster-nodes}, and any other property to set.
	 */
	public static ServiceInstances start(Path directory, int count, Map<String, String> redis) {
		ServiceInstances instances = new ServiceInstances(EmbeddedPostgresServer.start(directory.resolve("pg")));
		try {
			for (int i = 0; i < count; i++) {
				instances.add(directory.resolve("instance-" + i), redis);
			}
			return instances;
		}
		catch (RuntimeException ex) {
			instances.close();
			throw ex;
		}
	}

	private void add(Path dataDir, Map<String, String> redis) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--leaderboard.data-dir=" + dataDir,
				"--leaderboard.database.url=" + this.postgres.jdbcUrl(), "--leaderboard.admin-token=" + ADMIN_TOKEN,
				"--leaderboard.relay-interval=500ms", "--leaderboard.key-prefix=lbmulti:"));
		redis.forEach((name, value) -> args.add("--" + name + "=" + value));
		this.contexts.add(new SpringApplicationBuilder(LeaderboardApplication.class).run(args.toArray(String[]::new)));
	}

	public int size() {
		return this.contexts.size();
	}

	public TestApi api(int instance) {
		return new TestApi(((WebServerApplicationContext) this.contexts.get(instance)).getWebServer().getPort());
	}

	public List<TestApi> apis() {
		List<TestApi> apis = new ArrayList<>();
		for (int i = 0; i < this.contexts.size(); i++) {
			apis.add(api(i));
		}
		return apis;
	}

	public <T> T bean(int instance, Class<T> type) {
		return this.contexts.get(instance).getBean(type);
	}

	public JdbcTemplate jdbc() {
		return bean(0, JdbcTemplate.class);
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
