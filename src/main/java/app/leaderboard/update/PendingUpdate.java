package app.leaderboard.update;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.dao.TransientDataAccessResourceException;

import io.micrometer.observation.Observation;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.ScopedUpdates;

/**
 * One update on its way to PostgreSQL: what it asks, when it arrived, and the request
 * thread that waits for its own answer. An update answers 503 only while it provably
 * never reached PostgreSQL: still queued, withdrawn by its request once its time in the
 * queue ran out, or by the committer that finds it past that time, so that once withdrawn
 * it can never be taken. Once a committer took it, its request waits for the outcome up
 * to a bound and then answers 504 (outcome unknown); a failed batch's one-by-one retry
 * leaves it out then.
 */
final class PendingUpdate {

	private enum State {

		/** In its committer's queue. */
		QUEUED,
		/** In a batch: its request waits for the outcome. */
		TAKEN,
		/** Never taken; its request answers 503. */
		WITHDRAWN,
		/** Taken, and its request stopped waiting (504): not run again alone. */
		ABANDONED

	}

	private final UpdateRequest request;

	private final @Nullable String idempotencyKey;

	private final Instant now;

	private final Map<Period, PeriodInstance> instances;

	private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);

	private final CompletableFuture<Written> written = new CompletableFuture<>();

	/** When its time in the queue runs out ({@link System#nanoTime()}). */
	private volatile long queueDeadline = Long.MAX_VALUE;

	/** The request it came with, while traces are on ({@link BatchTracing}). */
	private volatile @Nullable Observation requestObservation;

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

	void requestedIn(@Nullable Observation observation) {
		this.requestObservation = observation;
	}

	@Nullable Observation requestedIn() {
		return this.requestObservation;
	}

	/** Starts its time in the queue: a committer must take it within {@code wait}. */
	void queued(Duration wait) {
		this.queueDeadline = System.nanoTime() + wait.toNanos();
	}

	/**
	 * A committer takes the update into its batch; false if it may not: its request
	 * withdrew it, or its time in the queue ran out (then it is withdrawn here, and its
	 * request answers 503).
	 */
	boolean take() {
		if (System.nanoTime() - this.queueDeadline >= 0) {
			if (this.state.compareAndSet(State.QUEUED, State.WITHDRAWN)) {
				fail(notTaken());
			}
			return false;
		}
		return this.state.compareAndSet(State.QUEUED, State.TAKEN);
	}

	/**
	 * Whether its request still waits for it: a failed batch runs only those again, one
	 * by one.
	 */
	boolean awaited() {
		return this.state.get() == State.TAKEN;
	}

	/** Whether its outcome is in: committed, refused, or failed. */
	boolean done() {
		return this.written.isDone();
	}

	/**
	 * Whether its request answered 504 while its batch still runs: a retry with its key
	 * waits for it.
	 */
	boolean abandonedInFlight() {
		return this.state.get() == State.ABANDONED && !this.written.isDone();
	}

	/** Runs {@code action} once its outcome is in (at once if it is). */
	void whenDone(Runnable action) {
		this.written.whenComplete((w, ex) -> action.run());
	}

	/**
	 * Waits up to {@code wait} for its outcome, whatever it is.
	 * @return whether it is in
	 */
	boolean awaitDone(Duration wait) {
		try {
			this.written.handle((w, ex) -> null).get(wait.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Whether its outcome is unknown: still in flight, or its commit was sent and no
	 * answer came. (Committed, refused or failed before its commit is known.)
	 */
	boolean outcomeUnknown() {
		if (!this.written.isDone()) {
			return true;
		}
		try {
			this.written.getNow(null);
			return false;
		}
		catch (CompletionException ex) {
			return ex.getCause() instanceof UpdateOutcomeUnknownException;
		}
	}

	void succeed(Written outcome) {
		this.written.complete(outcome);
	}

	void fail(RuntimeException ex) {
		this.written.completeExceptionally(ex);
	}

	/**
	 * Waits for the update's own outcome. An update not taken within its time in the
	 * queue is withdrawn (PostgreSQL is away or overloaded: nothing was written, 503);
	 * one already taken is awaited up to {@code commitWait} more, and then its outcome is
	 * unknown to the request (504).
	 */
	Written await(Duration commitWait) {
		try {
			try {
				long queueLeft = Math.max(0, this.queueDeadline - System.nanoTime());
				return this.written.get(queueLeft, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				if (this.state.compareAndSet(State.QUEUED, State.WITHDRAWN)) {
					RuntimeException withdrawn = notTaken();
					fail(withdrawn);
					throw withdrawn;
				}
			}
			try {
				return this.written.get(commitWait.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				// the committer's retry leaves it out from now on; the batch itself may
				// still commit
				this.state.compareAndSet(State.TAKEN, State.ABANDONED);
				throw new UpdateOutcomeUnknownException();
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the update's transaction", ex);
		}
	}

	private static TransientDataAccessResourceException notTaken() {
		return new TransientDataAccessResourceException("The update waited too long for a PostgreSQL transaction");
	}

	/**
	 * What the update's transaction did: {@code recorded} is null for a repeat of an
	 * idempotency key, which wrote nothing; {@code redis} brings the batch's Redis
	 * writes.
	 */
	record Written(ScopedUpdates.@Nullable Recorded recorded, BatchFollowUp redis) {
	}

}
