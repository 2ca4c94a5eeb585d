/**
 * Redis, wired: the beans of {@code connection}, {@code board}, {@code build},
 * {@code coordination} and {@code league}. Every Redis command and Lua script of the
 * service lives below this package.
 */
@NullMarked
package app.leaderboard.store.redis;

import org.jspecify.annotations.NullMarked;
