package app.leaderboard.update;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.observation.Observation;

import app.leaderboard.store.postgres.ScopedUpdates;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.league.RedisLeagues;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.BoardChannel;

/**
 * What a committed batch still owes Redis: its users' new scores in one pipeline, then
 * the outbox acknowledgements, the cached listings of the league groups its users joined,
 * and one change message per board. The first request of the batch to get here does it
 * while the others wait for it, so that the committer thread is already on the next
 * transaction. If Redis fails or the process dies first, the outbox relay writes the same
 * absolute values later.
 */
final class BatchFollowUp {

	private static final Logger log = LoggerFactory.getLogger(BatchFollowUp.class);

	private final List<ScopedUpdates.Recorded> recorded;

	private final Set<String> boards;

	private final RedisBoardWrites redis;

	private final RedisLeagues leagues;

	private final OutboxAcknowledgements acknowledgements;

	private final BoardChannel changes;

	/** The batch's observation, while traces are on: the Redis write is its child. */
	private final @Nullable Observation batch;

	private final AtomicBoolean started = new AtomicBoolean();

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	BatchFollowUp(List<ScopedUpdates.Recorded> recorded, Set<String> boards, RedisBoardWrites redis,
			RedisLeagues leagues, OutboxAcknowledgements acknowledgements, BoardChannel changes,
			@Nullable Observation batch) {
		this.recorded = recorded;
		this.leagues = leagues;
		this.batch = batch;
		this.boards = boards;
		this.redis = redis;
		this.acknowledgements = acknowledgements;
		this.changes = changes;
	}

	/**
	 * Runs the follow-up, or waits for the request that runs it. It never throws: the
	 * updates are committed whatever Redis does, and the Redis wait is bounded by its
	 * request timeout.
	 */
	void run() {
		if (!this.started.compareAndSet(false, true)) {
			this.done.join();
			return;
		}
		try (Observation.Scope scope = (this.batch != null) ? this.batch.openScope() : null) {
			if (!this.recorded.isEmpty()) {
				this.redis.apply(this.recorded.stream().map(ScopedUpdates.Recorded::scores).toList(), false);
				// a batch's users share its outbox row
				this.recorded.stream()
					.map(ScopedUpdates.Recorded::outboxId)
					.distinct()
					.forEach(this.acknowledgements::applied);
				// a group's cached listing lacks who joined it: dropped before the 200s.
				// With Redis away, the league check drops it within a drift interval
				this.leagues.forgetGroups(this.recorded.stream()
					.flatMap((r) -> r.joined().stream())
					.map((j) -> new RedisLeagues.GroupOf(j.season(), j.tier(), j.group()))
					.distinct()
					.toList());
			}
		}
		catch (RedisUnavailableException ex) {
			log.debug("Redis write of {} users deferred to the outbox relay: {}", this.recorded.size(),
					ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("Redis write of {} users deferred to the outbox relay", this.recorded.size(), ex);
		}
		finally {
			// the open pages of every instance: best effort, after the Redis write, never
			// waits
			if (!this.recorded.isEmpty()) {
				this.changes.publish(List.copyOf(this.boards));
			}
			this.done.complete(null);
		}
	}

}
