/**
 * Settings: the environment variables (docs/configuration.md), parsed and checked once,
 * with errors that name the variable; and the switch for traces, on only when an OTLP
 * endpoint is set ({@code OpenTelemetryVariables}, {@code ConditionalOnTraces}).
 */
@NullMarked
package app.leaderboard.config;

import org.jspecify.annotations.NullMarked;
