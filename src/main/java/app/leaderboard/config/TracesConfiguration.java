package app.leaderboard.config;

import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * What traces need beyond Boot's own settings: the OTLP headers of
 * {@code OTEL_EXPORTER_OTLP_HEADERS} ({@code key=value,...}, e.g. a collector's API key),
 * and {@code OTEL_EXPORTER_OTLP_TRACES_HEADERS} on top.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTraces
class TracesConfiguration {

	@Bean
	OtlpHttpSpanExporterBuilderCustomizer otlpHeaders(Environment environment) {
		return (builder) -> {
			for (String variable : new String[] { "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS" }) {
				for (String pair : StringUtils.commaDelimitedListToStringArray(environment.getProperty(variable, ""))) {
					int equals = pair.indexOf('=');
					if (equals > 0) {
						builder.addHeader(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
					}
				}
			}
		};
	}

}
