package app.leaderboard.operate.cli;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.config.SettingsBinder;

/**
 * The service's Spring context as the CLI uses it: same configuration (the service's
 * environment variables), no web server, no background maintenance, and logging off
 * unless {@code --verbose}, so stdout carries only the command's output. It starts on
 * first use, so commands that fail to parse start nothing.
 */
final class ServiceContext implements AutoCloseable {

	private final Class<?> application;

	private boolean verbose;

	private ConfigurableApplicationContext context;

	ServiceContext(Class<?> application) {
		this.application = application;
	}

	void verbose(boolean on) {
		this.verbose = on;
	}

	<T> T bean(Class<T> type) {
		return start().getBean(type);
	}

	ConfigurableApplicationContext start() {
		if (this.context == null) {
			Map<String, Object> properties = new HashMap<>();
			properties.put("leaderboard.maintenance.enabled", "false");
			// the service's 500 ms suits requests that can fall back; a bulk load of
			// millions of members on a busy machine must not fail on one slow batch
			properties.put("leaderboard.redis-timeout", "5s");
			properties.put("logging.level.root", this.verbose ? "INFO" : "OFF");
			// application.yml sets a few loggers to WARN by name; quiet those too
			properties.put("logging.threshold.console", this.verbose ? "TRACE" : "OFF");
			properties.put("spring.main.log-startup-info", "false");
			try {
				this.context = new SpringApplicationBuilder(this.application).web(WebApplicationType.NONE)
					.bannerMode(Banner.Mode.OFF)
					.logStartupInfo(false)
					.properties(properties)
					.run();
			}
			catch (RuntimeException ex) {
				throw new CliFailure(Failures.startFailure(ex, this), ex);
			}
		}
		return this.context;
	}

	/** Where PostgreSQL is, with nothing secret, for error lines. */
	String describePostgres() {
		if (this.context != null) {
			return this.context.getBean(LeaderboardProperties.class).database().settings().describe();
		}
		return SettingsBinder.bind(System.getenv()).database().settings().describe();
	}

	/** Where Redis is, with nothing secret, for error lines. */
	String describeRedis() {
		if (this.context != null) {
			return this.context.getBean(LeaderboardProperties.class).redis().settings().describe();
		}
		return SettingsBinder.bind(System.getenv()).redis().settings().describe();
	}

	@Override
	public void close() {
		if (this.context != null) {
			try {
				this.context.close();
			}
			catch (RuntimeException ex) {
				// the command's result stands; stopping embedded servers is best effort
			}
		}
	}

}
