package app.leaderboard.score;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.leaderboard.period.Period;
import app.leaderboard.period.PeriodInstance;
import app.leaderboard.period.Periods;
import app.leaderboard.period.Scope;
import app.leaderboard.postgres.ScopedUpdates;
import app.leaderboard.redis.BoardChannel;
import app.leaderboard.redis.BoardScore;
import app.leaderboard.redis.RedisUnavailableException;
import app.leaderboard.totals.Stats;
import app.leaderboard.postgres.BoardQueries;
import app.leaderboard.postgres.ScoreWrites;
import app.leaderboard.redis.RedisBoardWrites;
import java.time.Duration;

/**
 * Records finished pomodoros: PostgreSQL first, in one transaction with an outbox row;
 * then Redis, best effort. If the Redis write fails or the process dies before it, the
 * outbox relay writes the same absolute values later, so nothing acknowledged is lost.
 */
@Service
class ScoreRecorder {

	private static final Logger log = LoggerFactory.getLogger(ScoreRecorder.class);

	/**
	 * Longest an update's transaction waits on PostgreSQL's answers. With the pool's 3 s
	 * connection timeout, an update answers 503 within about 5 s of PostgreSQL going
	 * away, whether it refuses connections or hangs.
	 */
	static final Duration POSTGRES_WAIT = Duration.ofSeconds(4);

	private final ScoreWrites store;

	private final BoardQueries queries;

	private final ScopedUpdates updates;

	private final RedisBoardWrites redis;

	private final Periods periods;

	private final OutboxAcknowledgements acknowledgements;

	private final BoardChannel changes;

	public ScoreRecorder(ScoreWrites store, ScopedUpdates updates, BoardQueries queries, RedisBoardWrites redis,
			Periods periods, OutboxAcknowledgements acknowledgements, BoardChannel changes) {
		this.store = store;
		this.updates = updates;
		this.queries = queries;
		this.redis = redis;
		this.periods = periods;
		this.acknowledgements = acknowledgements;
		this.changes = changes;
	}

	/**
	 * @param idempotencyKey optional; a repeat of the same key and body is applied once
	 * @return the user's stats in the current periods after the update
	 */
	public Stats record(UpdateRequest request, @Nullable String idempotencyKey) {
		// PostgreSQL keeps microseconds, the Redis user cache milliseconds: use millis
		Instant now = this.periods.now().truncatedTo(ChronoUnit.MILLIS);
		Map<Period, PeriodInstance> instances = this.periods.allAt(now);
		ScopedUpdates.Recorded recorded = this.store.transactions().execute((status) -> {
			this.store.limitNetworkWait(POSTGRES_WAIT);
			if (idempotencyKey != null) {
				String requestHash = sha256(request.fingerprint());
				Optional<String> earlier = this.store.claimIdempotencyKey(idempotencyKey, requestHash, request.userId(),
						now);
				if (earlier.isPresent()) {
					if (!earlier.get().equals(requestHash)) {
						throw new IdempotencyKeyReusedException();
					}
					return null;
				}
			}
			ScopedUpdates.Recorded added = this.updates.addPomodoros(request.userId(), request.count(), now,
					instances.values(), request.region(), request.org());
			if (added.scores().scores().stream().anyMatch((s) -> s.total() > BoardScore.MAX_TOTAL)) {
				throw new TotalLimitExceededException(BoardScore.MAX_TOTAL);
			}
			return added;
		});
		if (recorded == null) {
			// a repeat: answer with the user's stats as they are now
			return this.queries.userScores(request.userId(), instances.values()).orElseThrow().stats(instances);
		}
		try {
			this.redis.apply(List.of(recorded.scores()), false);
			this.acknowledgements.applied(recorded.outboxId());
		}
		catch (RedisUnavailableException ex) {
			log.debug("Redis write of {} deferred to the outbox relay: {}", request.userId(), ex.getMessage());
		}
		// the open pages of every instance: best effort, after the Redis write, never
		// waits; the boards of the user's scopes, and of those the user just left
		Set<Scope> scopes = new LinkedHashSet<>(recorded.scores().membership().scopes());
		scopes.addAll(recorded.before().scopes());
		List<String> changed = new ArrayList<>();
		for (Period period : instances.keySet()) {
			scopes.forEach((scope) -> changed.add(period.id() + scope.suffix()));
		}
		this.changes.publish(changed);
		return recorded.scores().stats(instances);
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
