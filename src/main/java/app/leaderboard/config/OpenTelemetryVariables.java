package app.leaderboard.config;

import org.jspecify.annotations.Nullable;

import java.util.Locale;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Maps the standard OpenTelemetry variables onto Spring Boot's tracing settings, so that
 * an operator configures traces as for any OpenTelemetry SDK
 * ({@code docs/configuration.md}, "Traces"). Traces are on exactly when
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or
 * Boot's own {@value #ENDPOINT}) is set and {@code OTEL_SDK_DISABLED} is not
 * {@code true}; then every trace is sampled unless {@code OTEL_TRACES_SAMPLER_ARG} says
 * otherwise. When off, export and log correlation are off too, and
 * {@link TracesAutoConfigurationFilter} keeps the tracer itself out.
 * <p>
 * The values are looked up when asked for, not copied at start: a test (or a later
 * property source) that sets one of the variables as a property is seen too. The source
 * comes after every other one, so an explicit Spring property always wins.
 */
class OpenTelemetryVariables implements EnvironmentPostProcessor, Ordered {

	/** Boot's OTLP/HTTP traces endpoint: its presence is what turns traces on. */
	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String SAMPLING = "management.tracing.sampling.probability";

	static final String EXPORT = "management.tracing.export.enabled";

	/** Before Boot's log correlation source, which is also added last. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new Variables(environment));
	}

	/** Whether traces are on in this environment. */
	static boolean tracesOn(Environment environment) {
		return StringUtils.hasText(environment.getProperty(ENDPOINT));
	}

	/**
	 * Where OTLP/HTTP spans go: the traces endpoint as given, or {@code /v1/traces} below
	 * the general endpoint, as the OpenTelemetry SDKs do.
	 */
	static @Nullable String tracesEndpoint(Environment environment) {
		if ("true".equalsIgnoreCase(environment.getProperty("OTEL_SDK_DISABLED", "").trim())) {
			return null;
		}
		String traces = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
		if (StringUtils.hasText(traces)) {
			return traces.trim();
		}
		String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
		if (!StringUtils.hasText(base)) {
			return null;
		}
		base = base.trim();
		return (base.endsWith("/") ? base : base + "/") + "v1/traces";
	}

	/**
	 * The mapped settings. Its source object is not the environment it reads: Boot takes
	 * a property source that holds an environment for a nested one and walks into it.
	 */
	private static final class Variables extends PropertySource<Object> {

		private final Environment environment;

		Variables(Environment environment) {
			super("openTelemetryVariables", new Object());
			this.environment = environment;
		}

		@Override
		public @Nullable Object getProperty(String name) {
			return switch (name.toLowerCase(Locale.ROOT)) {
				case ENDPOINT -> tracesEndpoint(this.environment);
				// with traces off nothing is exported, and log lines keep their format
				case EXPORT, "logging.expect-correlation-id" -> String.valueOf(tracesOn(this.environment));
				case SAMPLING ->
					tracesOn(this.environment) ? this.environment.getProperty("OTEL_TRACES_SAMPLER_ARG", "1.0") : null;
				default -> null;
			};
		}

	}

}
