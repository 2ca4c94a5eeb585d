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
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

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
 * How far Redis and PostgreSQL disagree. Per board Redis serves (current and just ended;
 * global, region and organisation) it compares the member counts and a random sample of
 * members' totals (ZRANDMEMBER, then one PostgreSQL query), or, in full mode, every
 * member; region and organisation boards only where they have members. The last sampled
 * result is a metric, {@code leaderboard.cache.drift}: members that disagree plus the
 * difference in counts. Its PostgreSQL reads may go to a replica that is in step
 * ({@link ReadDatabase}): each holds at least what the primary held when it began, so the
 * totals of a sample, read after Redis's, hold every write that Redis already had.
 */
@Component
public class DriftCheck {

	/** Members compared per board by the periodic check. */
	public static final int SAMPLE = 500;

	/**
	 * Scoped boards whose members' totals one periodic check compares, in turn; the
	 * member counts of all of them with members are compared every time. With 1,000
	 * organisations and 50 regions there are 4,200 scoped boards: sampling every one each
	 * minute would be 4,200 PostgreSQL queries a minute.
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

	public DriftCheck(BoardQueries store, RebuildSnapshots snapshots, RedisInspection redis, Periods periods,
			Boards boards, ReadDatabase database, MeterRegistry registry) {
		this.boards = boards;
		this.database = database;
		this.store = store;
		this.snapshots = snapshots;
		this.redis = redis;
		this.periods = periods;
		Gauge.builder("leaderboard.cache.drift", this.lastDrift, AtomicLong::get)
			.description("Board members on which Redis and PostgreSQL disagree in the last check, "
					+ "plus the difference in member counts; -1 when it could not run")
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

	/**
	 * Compares every board Redis serves ({@link Boards#served}) member by member (the
	 * start-up compare), or the global ones by member count and a sample and the others
	 * by member count: the global ones, and the region and organisation boards that have
	 * members in either store.
	 */
	public Map<PeriodInstance, BoardDrift> checkServed(boolean full) {
		Map<PeriodInstance, BoardDrift> result = new LinkedHashMap<>();
		for (PeriodInstance board : this.boards.servedGlobal()) {
			result.put(board, compare(board, full));
		}
		scopedCounts().forEach((board, counts) -> result.put(board, full ? compare(board, true) : counts));
		return result;
	}

	/**
	 * The member counts of the region and organisation boards Redis serves that have
	 * members in PostgreSQL or in Redis: PostgreSQL's from one range of its board sizes
	 * per period instance (a scope without members costs nothing there), Redis's in one
	 * pipelined round trip. A board that just ended and is not loaded is left out: it is
	 * loaded when first read, and until then there is nothing in Redis to drift.
	 */
	private Map<PeriodInstance, BoardDrift> scopedCounts() {
		List<PeriodInstance> scoped = new ArrayList<>();
		Map<PeriodInstance, Long> postgres = new HashMap<>();
		List<Scope> scopes = this.boards.scopes();
		for (PeriodInstance global : this.boards.servedGlobal()) {
			scopes.forEach((scope) -> scoped.add(global.in(scope)));
			this.database.read(() -> this.store.scopedMembers(global))
				.forEach((scope, members) -> postgres.put(global.in(scope), members));
		}
		Map<PeriodInstance, OptionalLong> cached = this.redis.boardMembers(scoped);
		Map<PeriodInstance, BoardDrift> result = new LinkedHashMap<>();
		for (PeriodInstance board : scoped) {
			long postgresMembers = postgres.getOrDefault(board, 0L);
			long redisMembers = cached.get(board).orElse(-1);
			boolean current = this.periods.current(board.period()).equals(board.global());
			if ((postgresMembers > 0 || redisMembers > 0) && (redisMembers >= 0 || current)) {
				result.put(board, new BoardDrift(postgresMembers, redisMembers, 0, 0));
			}
		}
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
	 * The periodic sampled check ({@link DriftRepair} runs it every
	 * {@code LEADERBOARD_DRIFT_INTERVAL}): every board Redis serves, the ones that just
	 * ended too. The global boards and {@code recheck} (boards out of step last time) are
	 * compared by member count and a sample of totals; the region and organisation boards
	 * with members by member count ({@link #scopedCounts}), and
	 * {@value #SCOPED_SAMPLED_PER_CHECK} of them in turn by a sample of totals too.
	 * Publishes the gauge and returns the result, empty when a store could not be asked.
	 */
	public synchronized Map<PeriodInstance, BoardDrift> record(Set<PeriodInstance> recheck) {
		try {
			Map<PeriodInstance, BoardDrift> result = new LinkedHashMap<>();
			for (PeriodInstance board : this.boards.servedGlobal()) {
				PeriodInstance current = this.periods.current(board.period());
				BoardDrift drift = compare(board, false);
				// one that just ended and is not loaded is the warmer's, not drift
				if (drift.redisMembers() >= 0 || board.equals(current)) {
					result.put(board, drift);
				}
			}
			Map<PeriodInstance, BoardDrift> counted = scopedCounts();
			List<PeriodInstance> scoped = new ArrayList<>(counted.keySet());
			Set<PeriodInstance> sampled = new HashSet<>(recheck);
			int turn = Math.min(SCOPED_SAMPLED_PER_CHECK, scoped.size());
			for (int i = 0; i < turn; i++) {
				sampled.add(scoped.get((this.scopedCursor + i) % scoped.size()));
			}
			this.scopedCursor = scoped.isEmpty() ? 0 : (this.scopedCursor + turn) % scoped.size();
			for (PeriodInstance board : scoped) {
				result.put(board, sampled.contains(board) ? compare(board, false) : counted.get(board));
			}
			this.lastDrift.set(result.values().stream().mapToLong(BoardDrift::drift).sum());
			return result;
		}
		catch (RedisUnavailableException | DataAccessException ex) {
			this.lastDrift.set(-1);
			return Map.of();
		}
	}

}
