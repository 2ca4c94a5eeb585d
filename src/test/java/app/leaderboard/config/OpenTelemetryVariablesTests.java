package app.leaderboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** How the OTEL_* variables turn into Spring Boot's tracing settings. */
class OpenTelemetryVariablesTests {

	private final MockEnvironment environment = new MockEnvironment();

	OpenTelemetryVariablesTests() {
		new OpenTelemetryVariables().postProcessEnvironment(this.environment, null);
	}

	@Test
	void offWithoutAnEndpoint() {
		assertThat(OpenTelemetryVariables.tracesOn(this.environment)).isFalse();
		assertThat(this.environment.containsProperty(OpenTelemetryVariables.ENDPOINT)).isFalse();
		assertThat(this.environment.getProperty(OpenTelemetryVariables.EXPORT)).isEqualTo("false");
		assertThat(this.environment.getProperty("logging.expect-correlation-id")).isEqualTo("false");
		assertThat(this.environment.getProperty(OpenTelemetryVariables.SAMPLING)).isNull();
	}

	@Test
	void theGeneralEndpointGetsTheTracesPath() {
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		assertThat(this.environment.getProperty(OpenTelemetryVariables.ENDPOINT))
			.isEqualTo("http://collector:4318/v1/traces");
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/");
		assertThat(this.environment.getProperty(OpenTelemetryVariables.ENDPOINT))
			.isEqualTo("http://collector:4318/v1/traces");
		assertThat(OpenTelemetryVariables.tracesOn(this.environment)).isTrue();
		assertThat(this.environment.getProperty(OpenTelemetryVariables.EXPORT)).isEqualTo("true");
		assertThat(this.environment.getProperty(OpenTelemetryVariables.SAMPLING)).isEqualTo("1.0");
	}

	@Test
	void theTracesEndpointIsTakenAsItIs() {
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.environment.setProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces.example.com/otlp");
		assertThat(this.environment.getProperty(OpenTelemetryVariables.ENDPOINT))
			.isEqualTo("https://traces.example.com/otlp");
	}

	@Test
	void theSamplerArgumentIsTheProbability() {
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.environment.setProperty("OTEL_TRACES_SAMPLER_ARG", "0.25");
		assertThat(this.environment.getProperty(OpenTelemetryVariables.SAMPLING)).isEqualTo("0.25");
	}

	@Test
	void theSdkSwitchTurnsTracesOff() {
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.environment.setProperty("OTEL_SDK_DISABLED", "true");
		assertThat(OpenTelemetryVariables.tracesOn(this.environment)).isFalse();
	}

	@Test
	void anExplicitSpringPropertyWins() {
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.environment.setProperty(OpenTelemetryVariables.SAMPLING, "0.1");
		assertThat(this.environment.getProperty(OpenTelemetryVariables.SAMPLING)).isEqualTo("0.1");
	}

}
