/**
 * The operators' command line, in the service's own jar:
 * {@code cache status|init|refresh|perf} (what the old app's {@code init_redis_cache.py}
 * did), {@code generate} and {@code import}. Commands parse with picocli first and start
 * the service's Spring context without a web server only when they run, so {@code --help}
 * and usage errors need neither PostgreSQL nor Redis. A failure ends with one line on
 * stderr and a non-zero exit.
 */
@NullMarked
package app.leaderboard.operate.cli;

import org.jspecify.annotations.NullMarked;
