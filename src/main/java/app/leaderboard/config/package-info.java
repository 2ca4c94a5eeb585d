/**
 * Settings: the environment variables (docs/configuration.md), parsed and checked once,
 * with errors that name the variable.
 */
@NullMarked
package app.leaderboard.config;

import org.jspecify.annotations.NullMarked;
