package app.leaderboard.update;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import io.micrometer.observation.ObservationRegistry;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.ScoreLimits;
import app.leaderboard.store.postgres.ScopedUpdates;
import app.leaderboard.store.postgres.ScoreWrites;
import app.leaderboard.store.postgres.UpdateDatabase;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.league.RedisLeagues;
import app.leaderboard.store.redis.coordination.BoardChannel;
import app.leaderboard.update.PendingUpdate.Written;

/**
 * Writes a batch of updates in one PostgreSQL transaction (group commit): the updates
 * claim their idempotency keys in key order, so that a key repeated inside the batch is
 * applied once, and then add to their users' totals with one outbox row for the batch, in
 * statements that carry the whole batch ({@link ScopedUpdates}); a user's second update
 * of a batch still sees the first. Every update still gets its own answer: a reused key
 * is a conflict of that update alone, and an update that breaks the batch (a total past
 * the limit, a constraint) makes the batch run again one update per transaction, so that
 * it fails alone (unless its request stopped waiting). Only PostgreSQL being away fails
 * the whole batch, as it would fail each update; a commit that got no answer leaves the
 * whole batch's outcome unknown.
 */
@Component
class UpdateBatch {

	private static final Logger log = LoggerFactory.getLogger(UpdateBatch.class);

	/**
	 * Longest a transaction waits on PostgreSQL's answers. With the pool's 3 s connection
	 * timeout, an update answers 503 within about 5 s of PostgreSQL going away, whether
	 * it refuses connections or hangs.
	 */
	static final Duration POSTGRES_WAIT = Duration.ofSeconds(4);

	private final ScoreWrites store;

	private final ScopedUpdates updates;

	private final RedisBoardWrites redis;

	private final OutboxAcknowledgements acknowledgements;

	private final BoardChannel changes;

	private final Periods periods;

	private final ObservationRegistry observations;

	private final RedisLeagues leagues;

	UpdateBatch(UpdateDatabase database, RedisBoardWrites redis, OutboxAcknowledgements acknowledgements,
			BoardChannel changes, Periods periods, ObservationRegistry observations, RedisLeagues leagues) {
		this.leagues = leagues;
		this.periods = periods;
		this.observations = observations;
		this.store = database.writes();
		this.updates = database.totals();
		this.redis = redis;
		this.acknowledgements = acknowledgements;
		this.changes = changes;
	}

	/**
	 * Commits the updates and answers each of them; never throws. A failure before the
	 * commit was sent leaves nothing in PostgreSQL; a commit that got no answer leaves
	 * the batch's outcome unknown, and every update of it answers 504.
	 */
	void commit(List<PendingUpdate> updates) {
		AtomicBoolean committing = new AtomicBoolean();
		Map<PendingUpdate, Outcome> outcomes;
		try {
			outcomes = inTransaction(updates, committing);
		}
		catch (RuntimeException ex) {
			if (committing.get()) {
				log.warn("The commit of a batch of {} updates failed or got no answer ({}): their outcome is unknown",
						updates.size(), ex.getClass().getSimpleName());
				updates.forEach((u) -> u.fail(new UpdateOutcomeUnknownException()));
			}
			else if (updates.size() == 1 || postgresAway(ex)) {
				updates.forEach((u) -> u.fail(ex));
			}
			else {
				log.debug("A batch of {} updates failed ({}); committing them one by one", updates.size(),
						ex.toString());
				updates.forEach(this::commitAlone);
			}
			return;
		}
		answer(updates, outcomes);
	}

	/**
	 * One update of a failed batch, in a transaction of its own; not if its request
	 * stopped waiting (it answered 504): nothing of it was applied, and nothing will be.
	 */
	private void commitAlone(PendingUpdate update) {
		if (update.awaited()) {
			commit(List.of(update));
		}
		else {
			update.fail(new TransientDataAccessResourceException("The update's request stopped waiting for it"));
		}
	}

	/**
	 * Writes the updates in one transaction and says what each did; throws what failed
	 * the transaction.
	 */
	Map<PendingUpdate, Outcome> inTransaction(List<PendingUpdate> updates) {
		return inTransaction(updates, new AtomicBoolean());
	}

	/** As above, setting {@code committing} once only the commit is left to do. */
	private Map<PendingUpdate, Outcome> inTransaction(List<PendingUpdate> updates, AtomicBoolean committing) {
		return this.store.transactions().execute((status) -> {
			this.store.limitNetworkWait(POSTGRES_WAIT);
			Map<PendingUpdate, Outcome> outcomes = write(updates);
			committing.set(true);
			return outcomes;
		});
	}

	/** What one update of a batch did inside its transaction. */
	sealed interface Outcome {

		/** It added to the user's totals. */
		record Added(ScopedUpdates.Recorded recorded) implements Outcome {
		}

		/** It repeated an idempotency key with the same body: nothing was written. */
		record Repeated() implements Outcome {
		}

		/**
		 * It reused a key with another body: nothing was written, and this is its answer.
		 */
		record Refused(RuntimeException answer) implements Outcome {
		}

	}

	/**
	 * Claims the batch's idempotency keys in key order (a key repeated inside the batch
	 * is applied once, for its first update), then adds the updates that claimed one or
	 * carried none, in arrival order, all in one go. Key order, like the users' order in
	 * {@link ScopedUpdates}, is what every batch of every instance locks in: two batches
	 * that claim the same keys can make each other wait, never deadlock.
	 */
	private Map<PendingUpdate, Outcome> write(List<PendingUpdate> updates) {
		Map<PendingUpdate, Outcome> outcomes = new HashMap<>();
		// a stable sort: a key's updates stay in arrival order
		updates.stream()
			.filter((update) -> update.idempotencyKey() != null)
			.sorted(Comparator.comparing(PendingUpdate::idempotencyKey))
			.forEach((update) -> claim(update).ifPresent((outcome) -> outcomes.put(update, outcome)));
		List<PendingUpdate> adding = updates.stream().filter((update) -> !outcomes.containsKey(update)).toList();
		if (adding.isEmpty()) {
			return outcomes;
		}
		List<ScopedUpdates.Recorded> added = this.updates.addAll(adding.stream().map((update) -> {
			UpdateRequest request = update.request();
			return new ScopedUpdates.Addition(request.userId(), request.count(), update.now(),
					update.instances().values(), request.region(), request.org(),
					update.instances().values().stream().map(this.periods::previous).toList(), request.displayName());
		}).toList());
		for (int i = 0; i < adding.size(); i++) {
			ScopedUpdates.Recorded recorded = added.get(i);
			if (recorded.scores().scores().stream().anyMatch((s) -> s.total() > ScoreLimits.MAX_TOTAL)) {
				// rolls the batch back; alone, only this update fails
				throw new TotalLimitExceededException(ScoreLimits.MAX_TOTAL);
			}
			outcomes.put(adding.get(i), new Outcome.Added(recorded));
		}
		return outcomes;
	}

	/** Empty when the update carries no key or is the key's first use. */
	private Optional<Outcome> claim(PendingUpdate update) {
		String key = update.idempotencyKey();
		if (key == null) {
			return Optional.empty();
		}
		String requestHash = sha256(update.request().fingerprint());
		Optional<String> earlier = this.store.claimIdempotencyKey(key, requestHash, update.request().userId(),
				update.now());
		return earlier.map((hash) -> hash.equals(requestHash) ? new Outcome.Repeated()
				: new Outcome.Refused(new IdempotencyKeyReusedException()));
	}

	/**
	 * Answers every update with its own outcome. Redis gets each user's state after the
	 * batch, once: a user's earlier updates of the batch share its version, and their
	 * states are only their answers.
	 */
	private void answer(List<PendingUpdate> updates, Map<PendingUpdate, Outcome> outcomes) {
		Map<String, ScopedUpdates.Recorded> latest = new LinkedHashMap<>();
		Set<String> boards = new LinkedHashSet<>();
		for (PendingUpdate update : updates) {
			if (outcomes.get(update) instanceof Outcome.Added added) {
				latest.put(update.request().userId(), added.recorded());
				boards.addAll(changedBoards(update, added.recorded()));
			}
		}
		// the batch's observation while traces are on (BatchTracing), else null
		BatchFollowUp followUp = new BatchFollowUp(List.copyOf(latest.values()), boards, this.redis, this.leagues,
				this.acknowledgements, this.changes, this.observations.getCurrentObservation());
		for (PendingUpdate update : updates) {
			Outcome outcome = outcomes.get(update);
			if (outcome instanceof Outcome.Refused refused) {
				update.fail(refused.answer());
			}
			else {
				update
					.succeed(new Written((outcome instanceof Outcome.Added added) ? added.recorded() : null, followUp));
			}
		}
	}

	/**
	 * The boards whose open pages hear of the update: every period of the user's scopes,
	 * and of the scopes the user just left.
	 */
	private static List<String> changedBoards(PendingUpdate update, ScopedUpdates.Recorded recorded) {
		Set<Scope> scopes = new LinkedHashSet<>(recorded.scores().membership().scopes());
		scopes.addAll(recorded.before().scopes());
		List<String> changed = new ArrayList<>();
		for (Period period : update.instances().keySet()) {
			scopes.forEach((scope) -> changed.add(period.id() + scope.suffix()));
		}
		return changed;
	}

	/**
	 * PostgreSQL refused or lost the connection: each update alone would fail the same
	 * way, so the batch is not run again one by one (that would multiply the wait).
	 */
	private static boolean postgresAway(RuntimeException ex) {
		if (ex instanceof DataIntegrityViolationException || ex instanceof PessimisticLockingFailureException) {
			return false;
		}
		return ex instanceof DataAccessException || ex instanceof TransactionException;
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
