package app.leaderboard.update;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.ScopedUpdates;

/**
 * One update on its way to PostgreSQL: what it asks, when it arrived, and the request
 * thread that waits for its own answer. A committer takes it into a batch; a request that
 * waited too long in the queue withdraws it first, so that "nothing was changed" stays
 * true when it answers 503.
 */
final class PendingUpdate {

	private enum State {

		QUEUED, TAKEN, WITHDRAWN

	}

	private final UpdateRequest request;

	private final @Nullable String idempotencyKey;

	private final Instant now;

	private final Map<Period, PeriodInstance> instances;

	private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);

	private final CompletableFuture<Written> written = new CompletableFuture<>();

	PendingUpdate(UpdateRequest request, @Nullable String idempotencyKey, Instant now,
			Map<Period, PeriodInstance> instances) {
		this.request = request;
		this.idempotencyKey = idempotencyKey;
		this.now = now;
		this.instances = instances;
	}

	UpdateRequest request() {
		return this.request;
	}

	@Nullable String idempotencyKey() {
		return this.idempotencyKey;
	}

	Instant now() {
		return this.now;
	}

	Map<Period, PeriodInstance> instances() {
		return this.instances;
	}

	/** A committer takes the update into its batch; false if the request withdrew it. */
	boolean take() {
		return this.state.compareAndSet(State.QUEUED, State.TAKEN);
	}

	void succeed(Written outcome) {
		this.written.complete(outcome);
	}

	void fail(RuntimeException ex) {
		this.written.completeExceptionally(ex);
	}

	/**
	 * Waits for the update's own outcome. An update still queued after {@code queueWait}
	 * is withdrawn (PostgreSQL is away or overloaded: nothing was written); one already
	 * in a transaction is awaited up to {@code commitWait} more, the transaction's own
	 * bound.
	 */
	Written await(Duration queueWait, Duration commitWait) {
		try {
			try {
				return this.written.get(queueWait.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (this.state.compareAndSet(State.QUEUED, State.WITHDRAWN)) {
					throw new TransientDataAccessResourceException(
							"The update waited " + queueWait.toMillis() + " ms for a PostgreSQL transaction");
				}
				return this.written.get(commitWait.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("The update's transaction did not end within " + commitWait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the update's transaction", ex);
		}
	}

	/**
	 * What the update's transaction did: {@code recorded} is null for a repeat of an
	 * idempotency key, which wrote nothing; {@code redis} brings the batch's Redis
	 * writes.
	 */
	record Written(ScopedUpdates.@Nullable Recorded recorded, BatchFollowUp redis) {
	}

}
