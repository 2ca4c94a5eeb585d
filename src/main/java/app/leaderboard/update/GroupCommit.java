package app.leaderboard.update;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.GroupCommitProperties;
import app.leaderboard.store.postgres.ScoreWrites;
import app.leaderboard.update.PendingUpdate.Written;

/**
 * Coalesces concurrent updates into shared PostgreSQL transactions. Each committer thread
 * takes what queued up while its previous transaction ran (up to the batch size, waiting
 * up to the window for more), and commits it as one {@link UpdateBatch}. A user's updates
 * always go to the same committer, chosen by the user's board-size shard: so two batches
 * in flight never touch the same user's rows or the same board-size rows, and cannot
 * deadlock on them; and a user's updates are committed in the order they arrived.
 */
@Component
class GroupCommit {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	/**
	 * How long {@link #stop} waits for a committer's transaction: its statements' bound,
	 * plus the pool's.
	 */
	private static final Duration COMMIT_WAIT = UpdateBatch.POSTGRES_WAIT.plusSeconds(4);

	/** How often an idle committer checks whether the service is stopping. */
	private static final Duration IDLE_POLL = Duration.ofMillis(200);

	private final UpdateBatch batch;

	private final int batchSize;

	private final Duration window;

	/**
	 * Longest an update waits in the queue: past it PostgreSQL is away or overloaded, and
	 * the update is withdrawn and answered 503 rather than piling up behind it.
	 */
	private final Duration queueWait;

	/**
	 * Longest a taken update waits for its transaction (by default its statements' bound,
	 * plus the pool's); past it the request answers 504.
	 */
	private final Duration commitWait;

	private final UpdatesInDoubt inDoubt;

	private final List<BlockingQueue<PendingUpdate>> queues = new ArrayList<>();

	private final List<Thread> committers = new ArrayList<>();

	private final DistributionSummary batchSizes;

	private final BatchTracing tracing;

	private volatile boolean running = true;

	GroupCommit(UpdateBatch batch, UpdatesInDoubt inDoubt, GroupCommitProperties properties, MeterRegistry meters,
			ObjectProvider<BatchTracing> tracing) {
		this.batch = batch;
		this.tracing = tracing.getIfAvailable(() -> BatchTracing.OFF);
		this.inDoubt = inDoubt;
		this.batchSize = properties.writeBatchSize();
		this.window = properties.writeBatchWindow();
		this.queueWait = properties.writeQueueWait();
		this.commitWait = properties.writeCommitWait();
		this.batchSizes = DistributionSummary.builder("leaderboard.updates.batch")
			.description("Updates committed in one PostgreSQL transaction")
			.baseUnit("updates")
			.register(meters);
		Gauge.builder("leaderboard.updates.queued", this, GroupCommit::queued)
			.description("Updates waiting for a PostgreSQL transaction")
			.baseUnit("updates")
			.register(meters);
		for (int i = 0; i < properties.writeCommitters(); i++) {
			BlockingQueue<PendingUpdate> queue = new LinkedBlockingQueue<>();
			this.queues.add(queue);
			Thread committer = new Thread(() -> commitLoop(queue), "group-commit-" + i);
			committer.setDaemon(true);
			this.committers.add(committer);
			committer.start();
		}
	}

	/**
	 * Queues the update and waits for its own outcome, or throws its own error: 503 only
	 * while nothing of it (nor of an earlier request with its idempotency key) can have
	 * reached PostgreSQL, 504 when its outcome is unknown ({@link PendingUpdate},
	 * {@link UpdatesInDoubt}).
	 */
	Written write(PendingUpdate update) {
		if (!this.running) {
			throw new TransientDataAccessResourceException("The service is shutting down");
		}
		String key = update.idempotencyKey();
		try {
			return (key != null) ? writeWithKey(update, key) : queue(update);
		}
		catch (UpdateOutcomeUnknownException ex) {
			log.warn("An update answers 504: PostgreSQL may or may not have applied it");
			throw ex;
		}
	}

	private Written writeWithKey(PendingUpdate update, String key) {
		if (!this.inDoubt.awaitAbandoned(key, this.commitWait)) {
			// an earlier request with its key answered 504 and its batch still runs
			throw new UpdateOutcomeUnknownException();
		}
		this.inDoubt.track(key, update);
		try {
			Written written = queue(update);
			this.inDoubt.settle(key);
			return written;
		}
		catch (UpdateOutcomeUnknownException ex) {
			throw ex;
		}
		catch (DataAccessException | TransactionException ex) {
			if (this.inDoubt.inDoubt(key, update)) {
				// nothing of this request was applied, but another with its key may have
				// been
				throw new UpdateOutcomeUnknownException();
			}
			throw ex;
		}
		catch (RuntimeException ex) {
			// PostgreSQL answered (a reused key, a total past the limit)
			this.inDoubt.settle(key);
			throw ex;
		}
	}

	private Written queue(PendingUpdate update) {
		int committer = Math.floorMod(ScoreWrites.shard(update.request().userId()), this.queues.size());
		update.queued(this.queueWait.plus(this.window));
		this.tracing.joined(update);
		this.queues.get(committer).add(update);
		return update.await(this.commitWait);
	}

	private double queued() {
		return this.queues.stream().mapToInt(BlockingQueue::size).sum();
	}

	private void commitLoop(BlockingQueue<PendingUpdate> queue) {
		List<PendingUpdate> taken = new ArrayList<>(this.batchSize);
		while (this.running) {
			try {
				collect(queue, taken);
				taken.removeIf((update) -> !update.take());
				if (!taken.isEmpty()) {
					this.batchSizes.record(taken.size());
					this.tracing.commit(taken, () -> this.batch.commit(taken));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				// UpdateBatch answers every update itself; this is a bug, and the
				// committer must outlive it. Whether the batch committed is not known.
				log.error("A batch of {} updates failed unexpectedly", taken.size(), ex);
				taken.forEach((update) -> update.fail(new UpdateOutcomeUnknownException()));
			}
			finally {
				taken.clear();
			}
		}
		queue.forEach((update) -> {
			if (update.take()) {
				update.fail(new TransientDataAccessResourceException("The service is shutting down"));
			}
		});
	}

	/**
	 * Waits for one update (or until it is time to look at {@link #running} again), then
	 * takes what else is queued, waiting up to the window for more.
	 */
	private void collect(BlockingQueue<PendingUpdate> queue, List<PendingUpdate> taken) throws InterruptedException {
		PendingUpdate first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
		if (first == null) {
			return;
		}
		taken.add(first);
		queue.drainTo(taken, this.batchSize - taken.size());
		if (this.window.isZero()) {
			return;
		}
		long deadline = System.nanoTime() + this.window.toNanos();
		while (taken.size() < this.batchSize) {
			long left = deadline - System.nanoTime();
			PendingUpdate next = (left > 0) ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
			if (next == null) {
				return;
			}
			taken.add(next);
			queue.drainTo(taken, this.batchSize - taken.size());
		}
	}

	/**
	 * Stops after the web server has finished its requests (destruction follows the
	 * lifecycle's stop); a transaction in flight ends first.
	 */
	@PreDestroy
	void stop() throws InterruptedException {
		this.running = false;
		for (Thread committer : this.committers) {
			committer.join(COMMIT_WAIT.toMillis());
		}
	}

}
