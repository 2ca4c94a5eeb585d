package app.leaderboard.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * A bean that exists only while traces are on: when OTLP has somewhere to send them,
 * which {@code OTEL_EXPORTER_OTLP_ENDPOINT} sets ({@link OpenTelemetryVariables}). With
 * traces off none of these beans exists and nothing of the update, Redis or PostgreSQL
 * path is observed beyond what it was before.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(OpenTelemetryVariables.ENDPOINT)
public @interface ConditionalOnTraces {

}
