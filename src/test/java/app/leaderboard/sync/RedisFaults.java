package app.leaderboard.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.SetArgs;

import app.leaderboard.store.redis.coordination.JobLease;
import app.leaderboard.support.RedisProcess;

/**
 * What the model-based test does to its redis-server: flush it, kill it, start it again
 * empty, with its data (SHUTDOWN SAVE, so nothing is lost between the save and the stop)
 * or from an earlier SAVE (old data: a Redis restored from an older RDB file), and pause
 * the outbox relay by holding its lease as another instance that never relays would.
 */
final class RedisFaults {

	enum Kind {

		FLUSH("flushRedis"), KILL("killRedis"), RESTART_EMPTY("restartRedisEmpty"),
		RESTART_WITH_DATA("restartRedisWithData"), SAVE("saveRedis"), RESTART_FROM_SAVE("restartRedisFromSave"),
		DELETE_CACHE("deleteCache");

		final String call;

		Kind(String call) {
			this.call = call;
		}

	}

	private final RedisProcess redis;

	private final Path dump;

	private final String relayLease;

	private boolean relayPaused;

	RedisFaults(RedisProcess redis, Path directory, String prefix) {
		this.redis = redis;
		this.dump = directory.resolve("dump.rdb");
		this.relayLease = prefix + "lease:{" + JobLease.Jobs.MAINTENANCE + "}";
	}

	/** Up, with no saved data and the relay running: where every chain starts. */
	void fresh() {
		this.relayPaused = false;
		deleteDump();
		if (!this.redis.alive()) {
			this.redis.restart();
		}
	}

	/** Writes stop: Redis back up (empty, as after a crash) and the relay resumed. */
	void up() {
		if (!this.redis.alive()) {
			deleteDump();
			this.redis.restart();
		}
		pauseRelay(false);
	}

	boolean relayPaused() {
		return this.relayPaused;
	}

	void pauseRelay(boolean paused) {
		this.relayPaused = paused;
		if (this.redis.alive()) {
			if (paused) {
				holdRelayLease();
			}
			else {
				this.redis.call((c) -> c.del(this.relayLease));
			}
		}
	}

	private void holdRelayLease() {
		this.redis.call((c) -> c.set(this.relayLease, "paused-by-the-model-test", SetArgs.Builder.px(600_000)));
	}

	void apply(Kind kind) {
		boolean alive = this.redis.alive();
		switch (kind) {
			case FLUSH -> {
				if (alive) {
					this.redis.flushAll();
				}
			}
			case KILL -> {
				if (alive) {
					this.redis.kill();
				}
			}
			case RESTART_EMPTY -> {
				if (alive) {
					this.redis.kill();
				}
				deleteDump();
				this.redis.restart();
			}
			case RESTART_WITH_DATA -> {
				if (alive) {
					shutdownSave();
				}
				this.redis.restart();
			}
			case SAVE -> {
				if (alive) {
					this.redis.call((c) -> c.save());
				}
			}
			case RESTART_FROM_SAVE -> {
				if (alive) {
					this.redis.kill();
				}
				// loads the last SAVE's file, if any: data older than PostgreSQL's
				this.redis.restart();
			}
			case DELETE_CACHE -> throw new IllegalArgumentException("an HTTP call, not a Redis fault");
		}
		// a paused relay stays paused whatever happened to its lease
		if (this.relayPaused && this.redis.alive()) {
			holdRelayLease();
		}
	}

	private void shutdownSave() {
		long pid = this.redis.pid();
		try {
			this.redis.call((c) -> {
				c.shutdown(true);
				return null;
			});
		}
		catch (RuntimeException ex) {
			// the server closes the connection as it stops
		}
		ProcessHandle.of(pid).ifPresent((p) -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
		// the wrapper still thinks its process runs
		this.redis.kill();
	}

	private void deleteDump() {
		try {
			Files.deleteIfExists(this.dump);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
