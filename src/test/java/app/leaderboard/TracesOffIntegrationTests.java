package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.tracing.Tracing;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import app.leaderboard.support.IntegrationTestBase;

/**
 * Without {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the shared test context) nothing of traces
 * exists: no tracer, no OpenTelemetry SDK, no exporter, no span handler, the pools
 * unwrapped and Redis without tracing; /actuator/prometheus gains no meter from them.
 */
class TracesOffIntegrationTests extends IntegrationTestBase {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DataSource dataSource;

	@Test
	void nothingOfTracesIsThere() {
		assertThat(this.context.getBeanNamesForType(io.micrometer.tracing.Tracer.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(OpenTelemetry.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(SpanExporter.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Tracing.class)).isEmpty();
		assertThat(this.context.getBeansOfType(ObservationHandler.class).values())
			.noneMatch(TracingObservationHandler.class::isInstance);
		assertThat(this.dataSource).isInstanceOf(HikariDataSource.class);
		assertThat(this.context.getEnvironment().getProperty("logging.expect-correlation-id")).isEqualTo("false");
	}

	@Test
	void theScrapeIsAsWithoutTraces() {
		this.api.update("alice", 1);
		String scrape = this.api.get("/actuator/prometheus").text();
		assertThat(scrape).doesNotContain("lettuce_")
			.doesNotContain("jdbc_query")
			.doesNotContain("leaderboard_updates_commit");
	}

}
