package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.ReadDatabase;
import app.leaderboard.store.postgres.RebuildSnapshots;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * How far Redis and PostgreSQL disagree. The start-up and periodic checks compare every
 * board Redis serves (current and just ended; global, region and organisation) by
 * checksum ({@link ChecksumCompare}, docs/consistency.md "Checksums"), with a sample of
 * members on some of them; the last result is a metric, {@code leaderboard.cache.drift}:
 * the members found differing, with nothing in flight to explain it. The operator's view
 * ({@code cache status}, {@code GET /admin/status}) compares the current global boards
 * member by member or by a sample, as before ({@link #check}). Its PostgreSQL reads of
 * samples may go to a replica that is in step ({@link ReadDatabase}): each holds at least
 * what the primary held when it began, so the totals of a sample, read after Redis's,
 * hold every write that Redis already had.
 */
@Component
public class DriftCheck {

	/** Members compared per board by the periodic check. */
	public static final int SAMPLE = 500;

	/**
	 * Scoped boards whose members one periodic check samples, in turn; the checksums of
	 * all of them are compared every time. With 1,000 organisations and 50 regions there
	 * are 8,400 scoped boards served: sampling every one each minute would be 8,400
	 * PostgreSQL queries a minute.
	 */
	public static final int SCOPED_SAMPLED_PER_CHECK = 100;

	/** Where the next periodic check's turn of scoped boards starts. */
	private int scopedCursor;

	private final BoardQueries store;

	private final RebuildSnapshots snapshots;

	private final RedisInspection redis;

	private final Periods periods;

	private final AtomicLong lastDrift = new AtomicLong(-1);

	private final Boards boards;

	private final ReadDatabase database;

	private final ChecksumCompare checksums;

	private final MemberSamples samples;

	private final Timer checkTimer;

	public DriftCheck(BoardQueries store, RebuildSnapshots snapshots, RedisInspection redis, Periods periods,
			Boards boards, ReadDatabase database, ChecksumCompare checksums, MemberSamples samples,
			MeterRegistry registry) {
		this.boards = boards;
		this.database = database;
		this.checksums = checksums;
		this.samples = samples;
		this.checkTimer = Timer.builder("leaderboard.cache.check")
			.description("Checks by checksum of every board Redis serves: the start-up check and each drift check")
			.register(registry);
		this.store = store;
		this.snapshots = snapshots;
		this.redis = redis;
		this.periods = periods;
		Gauge.builder("leaderboard.cache.drift", this.lastDrift, AtomicLong::get)
			.description("Board members on which Redis and PostgreSQL disagreed in the last check, "
					+ "writes in flight left out; -1 when it could not run")
			.register(registry);
	}

	/**
	 * One board's comparison; {@code redisMembers} is -1 when the board is not loaded.
	 */
	public record BoardDrift(long postgresMembers, long redisMembers, long compared, long mismatched) {

		public long drift() {
			return this.mismatched + Math.abs(this.postgresMembers - Math.max(0, this.redisMembers));
		}

	}

	/**
	 * Compares all current boards; {@code full} compares every member instead of a
	 * sample.
	 */
	public Map<Period, BoardDrift> check(boolean full) {
		Map<Period, BoardDrift> result = new LinkedHashMap<>();
		this.periods.currentAll().forEach((period, instance) -> result.put(period, compare(instance, full)));
		return result;
	}

	private BoardDrift compare(PeriodInstance instance, boolean full) {
		long postgresMembers = this.database.read(() -> this.store.members(instance));
		OptionalLong redisMembers = this.redis.boardMembers(instance);
		if (redisMembers.isEmpty()) {
			return new BoardDrift(postgresMembers, -1, 0, 0);
		}
		long compared = 0;
		long mismatched = 0;
		if (full) {
			List<String> batch = new ArrayList<>();
			long[] counts = new long[2];
			this.snapshots.streamBoard(instance, (row) -> {
				batch.add(row.userId());
				if (batch.size() == 1000) {
					mismatches(instance, batch, counts);
					batch.clear();
				}
			});
			mismatches(instance, batch, counts);
			compared = counts[0];
			mismatched = counts[1];
		}
		else {
			Map<String, Long> sample = this.redis.sample(instance, SAMPLE);
			Map<String, Long> truth = this.database.read(() -> this.store.totals(instance, sample.keySet()));
			compared = sample.size();
			mismatched = sample.entrySet().stream().filter((e) -> !e.getValue().equals(truth.get(e.getKey()))).count();
		}
		return new BoardDrift(postgresMembers, redisMembers.getAsLong(), compared, mismatched);
	}

	private void mismatches(PeriodInstance instance, List<String> users, long[] counts) {
		if (users.isEmpty()) {
			return;
		}
		Map<String, Long> cached = this.redis.totals(instance, users);
		// inside the full compare's stream: the stream's transaction and server
		Map<String, Long> truth = this.database.read(() -> this.store.totals(instance, users));
		counts[0] += users.size();
		// a member reset or removed meanwhile is missing on one side: a mismatch
		counts[1] += users.stream().filter((u) -> !Objects.equals(truth.get(u), cached.get(u))).count();
	}

	/**
	 * The check by checksum ({@link ChecksumCompare}) of every board Redis serves, the
	 * ones that just ended too: the start-up check and the periodic one
	 * ({@link DriftRepair}, every {@code LEADERBOARD_DRIFT_INTERVAL}). Besides the
	 * checksums, the members of a sample are compared on the global boards, on
	 * {@code recheck} (boards out of step last time) and on
	 * {@value #SCOPED_SAMPLED_PER_CHECK} region and organisation boards in turn.
	 * Publishes the gauge (the members found differing) and returns every board's
	 * verdict, none when a store could not be asked.
	 */
	public synchronized Map<PeriodInstance, BoardVerdict> record(Set<PeriodInstance> recheck) {
		long started = System.nanoTime();
		try {
			List<Scope> scopes = this.boards.scopes();
			List<PeriodInstance> globals = this.boards.servedGlobal();
			Set<PeriodInstance> sampled = new HashSet<>(recheck);
			sampled.addAll(globals);
			int scoped = globals.size() * scopes.size();
			int turn = Math.min(SCOPED_SAMPLED_PER_CHECK, scoped);
			for (int i = 0; i < turn; i++) {
				int next = (this.scopedCursor + i) % scoped;
				sampled.add(globals.get(next / scopes.size()).in(scopes.get(next % scopes.size())));
			}
			this.scopedCursor = (scoped == 0) ? 0 : (this.scopedCursor + turn) % scoped;
			Map<PeriodInstance, BoardVerdict> result = new LinkedHashMap<>();
			result.putAll(this.checksums.compare(globals, scopes));
			sampled.removeIf((board) -> result.get(board) == null
					|| result.get(board).outcome() == BoardVerdict.Outcome.NOT_LOADED);
			this.samples.differing(sampled).forEach((board, off) -> {
				BoardVerdict verdict = result.get(board);
				if (off > 0 && !verdict.differs()) {
					result.put(board, BoardVerdict.differs(verdict.postgresMembers(), verdict.redisMembers(),
							verdict.read(), off, off + " sampled members differ"));
				}
			});
			this.lastDrift.set(result.values().stream().mapToLong(BoardVerdict::differing).sum());
			this.checkTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			return result;
		}
		catch (RedisUnavailableException | DataAccessException ex) {
			this.lastDrift.set(-1);
			return Map.of();
		}
	}

}
