package app.leaderboard.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * With traces off, leaves out Spring Boot's tracing and OpenTelemetry
 * auto-configurations, as if their jars were not there: no tracer, no span per request
 * (not even an unsampled one), no OpenTelemetry SDK, no exporter and so no connection
 * attempt. The service then runs exactly as it did before it could trace.
 */
class TracesAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String[] TRACING = { "org.springframework.boot.micrometer.tracing.",
			"org.springframework.boot.opentelemetry." };

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses,
			AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean on = this.environment != null && OpenTelemetryVariables.tracesOn(this.environment);
		boolean[] match = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < match.length; i++) {
			match[i] = on || !tracing(autoConfigurationClasses[i]);
		}
		return match;
	}

	private static boolean tracing(@Nullable String autoConfiguration) {
		if (autoConfiguration == null) {
			return false;
		}
		for (String prefix : TRACING) {
			if (autoConfiguration.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
