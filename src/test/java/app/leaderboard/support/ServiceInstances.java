package app.leaderboard.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
public final class ServiceInstances extends Fixture {

	private final Path directory;

	private final int count;

	private final Map<String, String> properties;

	private EmbeddedPostgresServer postgres;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private ServiceInstances(Path directory, int count, Map<String, String> properties) {
		this.directory = directory;
		this.count = count;
		this.properties = properties;
	}

	/**
	 * Starts {@code count} instances; {@code properties} holds the Redis settings (a
	 * fixture's {@code properties()}) and any other property to set, over the defaults:
	 * no rate limit, the tests' admin token and relay interval, key prefix
	 * {@code lbmulti:}.
	 */
	public static ServiceInstances start(Path directory, int count, Map<String, String> properties) {
		return start(new ServiceInstances(directory, count, properties));
	}

	@Override
	protected void startProcesses() {
		this.postgres = this.processes.start(() -> EmbeddedPostgresServer.start(this.directory.resolve("pg")));
		for (int i = 0; i < this.count; i++) {
			Map<String, String> properties = TestProperties.of(TestProperties.ADMIN, TestProperties.RELAY_INTERVAL,
					TestProperties.NO_RATE_LIMIT, "leaderboard.key-prefix=lbmulti:");
			properties.put("leaderboard.data-dir", this.directory.resolve("instance-" + i).toString());
			properties.put("leaderboard.database.url", this.postgres.jdbcUrl());
			properties.putAll(this.properties);
			this.contexts.add(this.processes.start(() -> run(properties)));
		}
	}

	/**
	 * One instance of the service in this JVM, on a port of its own
	 * ({@link #port(ConfigurableApplicationContext)}), with {@code configurations} beside
	 * the application's. The properties go in as command-line arguments: they win over
	 * application.yml (builder properties would only be defaults).
	 */
	public static ConfigurableApplicationContext run(Map<String, String> properties, Class<?>... configurations) {
		Map<String, String> arguments = new LinkedHashMap<>(Map.of("server.port", "0"));
		arguments.putAll(properties);
		List<Class<?>> sources = new ArrayList<>(List.of(LeaderboardApplication.class));
		sources.addAll(List.of(configurations));
		return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).listeners(LoggingStartLock.listeners())
			.run(arguments.entrySet()
				.stream()
				.map((p) -> "--" + p.getKey() + "=" + p.getValue())
				.toArray(String[]::new));
	}

	/** The HTTP port of an instance started by {@link #run}. */
	public static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public int size() {
		return this.contexts.size();
	}

	public TestApi api(int instance) {
		return new TestApi(port(this.contexts.get(instance)));
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

}
