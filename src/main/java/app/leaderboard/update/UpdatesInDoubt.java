package app.leaderboard.update;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The updates with an {@code Idempotency-Key} that PostgreSQL may have applied without
 * this instance knowing: still in flight, or answered 504 (docs/api.md, "503 and 504").
 * While one is, another request with its key must not answer 503 ("nothing was changed"):
 * it waits for an update answered 504 whose batch still runs, and answers 504 itself
 * where it would have answered 503. An update leaves once its outcome is known: when its
 * batch answers, or, for one whose commit got no answer, when PostgreSQL answers a later
 * request with its key. Across instances PostgreSQL orders the same key's requests
 * itself: a claim of a key waits for the transaction that holds it.
 */
@Component
class UpdatesInDoubt {

	/**
	 * Keys kept at most: past it, those of updates whose commit got no answer are
	 * forgotten (each is a key no one retried).
	 */
	static final int LIMIT = 100_000;

	private final ConcurrentHashMap<String, List<PendingUpdate>> byKey = new ConcurrentHashMap<>();

	/**
	 * Before an update with this key queues: waits up to {@code wait} for the updates
	 * with it whose requests answered 504 while their batches still run.
	 * @return false if one still runs
	 */
	boolean awaitAbandoned(String key, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		for (PendingUpdate earlier : updates(key)) {
			if (earlier.abandonedInFlight()
					&& !earlier.awaitDone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
				return false;
			}
		}
		return true;
	}

	/** Follows the update until its outcome is known. */
	void track(String key, PendingUpdate update) {
		if (this.byKey.size() >= LIMIT) {
			this.byKey.keySet().forEach(this::settle);
		}
		this.byKey.compute(key, (k, updates) -> {
			List<PendingUpdate> more = (updates != null) ? new ArrayList<>(updates) : new ArrayList<>();
			more.add(update);
			return more;
		});
		update.whenDone(() -> {
			if (!update.outcomeUnknown()) {
				forget(key, update);
			}
		});
	}

	/**
	 * PostgreSQL answered a request with this key (200, 409, 422): what happened to the
	 * key's earlier updates is known now.
	 */
	void settle(String key) {
		this.byKey.computeIfPresent(key, (k, updates) -> {
			List<PendingUpdate> running = updates.stream().filter((u) -> !u.done()).toList();
			return running.isEmpty() ? null : running;
		});
	}

	/** Whether an update with this key other than {@code own} may have been applied. */
	boolean inDoubt(String key, PendingUpdate own) {
		return updates(key).stream().anyMatch((u) -> u != own && u.outcomeUnknown());
	}

	private void forget(String key, PendingUpdate update) {
		this.byKey.computeIfPresent(key, (k, updates) -> {
			List<PendingUpdate> rest = updates.stream().filter((u) -> u != update).toList();
			return rest.isEmpty() ? null : rest;
		});
	}

	private List<PendingUpdate> updates(String key) {
		return this.byKey.getOrDefault(key, List.of());
	}

}
