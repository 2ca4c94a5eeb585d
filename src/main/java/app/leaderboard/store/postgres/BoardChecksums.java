package app.leaderboard.store.postgres;

import static app.leaderboard.store.postgres.SqlValues.timestamp;

import java.sql.Array;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;

/**
 * What the start-up and drift checks read of PostgreSQL (docs/consistency.md,
 * "Checksums"): the boards' checksums that V1_71's triggers keep, a bucket's members when
 * one differs from Redis's, and what changed while a check ran, so that a write between
 * its PostgreSQL commit and its Redis write is never taken for drift. Every sum adds up
 * the rows of all slots (each connection writes its own, ChecksumFold folds them).
 */
@Repository
public class BoardChecksums {

	// every sum is two (checksum and checksum_b, BoardChecksum's two terms), combined
	// into the one 64-bit value a check compares

	/**
	 * The whole-board sums (bucket -1) of one period instance's boards: one primary-key
	 * lookup per scope asked for, never a read of a bucket's rows.
	 */
	static final String BOARD_SUMS = "select scope, sum(checksum), sum(checksum_b) from board_checksums "
			+ "where period = ? and period_start = ? and scope = any(?) and bucket = -1 group by scope";

	/** One board's sums: every bucket's and the whole board's (-1), one range. */
	static final String BUCKET_SUMS = "select bucket, sum(checksum), sum(checksum_b) from board_checksums "
			+ "where period = ? and period_start = ? and scope = ? group by bucket";

	/** One bucket's sum. */
	static final String BUCKET_SUM = "select coalesce(sum(checksum), 0), coalesce(sum(checksum_b), 0) from board_checksums "
			+ "where period = ? and period_start = ? and scope = ? and bucket = ?";

	/**
	 * The outbox rows waiting for Redis: committed changes whose users Redis may not have
	 * yet, with the scopes they left. Its size is the relay's backlog; the check gives up
	 * beyond a limit (the first argument). A batch's row lists its users
	 * ({@code user_ids}), one row of this answer each (none once erasures took them all
	 * off it).
	 */
	static final String PENDING = "select coalesce(o.user_id, u.user_id), o.left_region, o.left_org from outbox o "
			+ "left join lateral unnest(o.user_ids) u(user_id) on true "
			+ "where coalesce(o.user_id, u.user_id) is not null limit ?";

	/**
	 * The users a check's reads may have seen half-applied: changed by a transaction at
	 * or after the check's snapshot ({@link RebuildSnapshots#SNAPSHOT}'s condition), with
	 * their scopes now and the scopes they left since.
	 */
	static final String CHANGED = "select u.user_id, u.region, u.org, "
			+ "(select array_agg(d.scope) from scope_departures d where d.user_id = u.user_id and d.left_at >= ?) "
			+ "from users u where u.changed_at >= ? and age(u.xmin) <= age(?::xid) limit ?";

	/** The digests of the ids erased since a moment (the ids themselves are gone). */
	static final String ERASED = "select digest from erasures where erased_at >= ? limit ?";

	private final JdbcTemplate jdbc;

	/** One snapshot for a bucket's members and its sum. */
	private final TransactionTemplate snapshot;

	public BoardChecksums(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	/** The whole-board sums of a period instance's boards in these scopes (0: none). */
	public Map<Scope, Long> boardSums(PeriodInstance global, List<Scope> scopes) {
		Map<String, Scope> byName = new HashMap<>();
		scopes.forEach((scope) -> byName.put(BoardSql.sizeScope(scope), scope));
		Map<Scope, Long> sums = new HashMap<>();
		scopes.forEach((scope) -> sums.put(scope, 0L));
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(BOARD_SUMS);
			ps.setString(1, global.period().id());
			ps.setObject(2, global.startDate());
			ps.setArray(3, con.createArrayOf("text", byName.keySet().toArray()));
			return ps;
		}, (ResultSet rs) -> {
			sums.put(byName.get(rs.getString(1)), BoardChecksum.combine(rs.getLong(2), rs.getLong(3)));
		});
		return sums;
	}

	/**
	 * A board's sums by bucket, -1 for the whole board; buckets without members absent.
	 */
	public Map<Integer, Long> bucketSums(PeriodInstance board) {
		Map<Integer, Long> sums = new HashMap<>();
		this.jdbc.query(BUCKET_SUMS, (ResultSet rs) -> {
			sums.put(rs.getInt(1), BoardChecksum.combine(rs.getLong(2), rs.getLong(3)));
		}, BoardSql.histogramArgs(board));
		return sums;
	}

	/** A bucket's members with their totals, and its sum, as of one snapshot. */
	public record Bucket(long sum, Map<String, Long> totals) {
	}

	/**
	 * The members of one bucket of a board and the bucket's sum, in one snapshot. The
	 * bucket is a range of the first two bytes of the users' digest, found by walking the
	 * board's index range (a bucket is spread over the whole board): the cost of reading
	 * one board's ids, paid only for a bucket that differs.
	 */
	public Bucket members(PeriodInstance board, int bucket, byte[] from, byte[] to) {
		Bucket read = this.snapshot.execute((status) -> {
			Map<String, Long> totals = new HashMap<>();
			this.jdbc.query("select user_id, total from period_totals where " + BoardSql.board(board.scope())
					+ " and substring(user_digest(user_id) from 1 for 2) between ? and ?", (ResultSet rs) -> {
						totals.put(rs.getString(1), rs.getLong(2));
					}, BoardSql.args(board, from, to));
			return new Bucket(bucketSum(board, bucket), totals);
		});
		if (read == null) {
			throw new IllegalStateException("No snapshot of the bucket");
		}
		return read;
	}

	/**
	 * One bucket's sum and these users' totals on the board, in one snapshot: what a
	 * check subtracts the users in flight with.
	 */
	public Bucket bucket(PeriodInstance board, int bucket, List<String> users) {
		Bucket read = this.snapshot.execute((status) -> {
			Map<String, Long> totals = new HashMap<>();
			this.jdbc.query((con) -> {
				var ps = con.prepareStatement(BoardSql.totals(board.scope()));
				Object[] args = BoardSql.args(board);
				for (int i = 0; i < args.length; i++) {
					ps.setObject(i + 1, args[i]);
				}
				ps.setArray(args.length + 1, con.createArrayOf("text", users.toArray()));
				return ps;
			}, (ResultSet rs) -> {
				totals.put(rs.getString(1), rs.getLong(2));
			});
			return new Bucket(bucketSum(board, bucket), totals);
		});
		if (read == null) {
			throw new IllegalStateException("No snapshot of the bucket");
		}
		return read;
	}

	/** One bucket's checksum: its two sums combined (BoardChecksum). */
	private long bucketSum(PeriodInstance board, int bucket) {
		Long sum = this.jdbc.queryForObject(BUCKET_SUM,
				(rs, row) -> BoardChecksum.combine(rs.getLong(1), rs.getLong(2)),
				BoardSql.histogramArgs(board, bucket));
		return (sum != null) ? sum : 0;
	}

	/** A user whose Redis state a check may have read half-applied, and their scopes. */
	public record Changed(String userId, @Nullable String region, @Nullable String org, Set<String> left) {
	}

	/** What changed since a snapshot; {@code complete} false when over the limit. */
	public record Changes(List<Changed> users, List<byte[]> erased, boolean complete) {
	}

	/**
	 * The outbox's waiting users (read after the snapshot and before Redis is read: a
	 * change committed before the snapshot is then in Redis or here).
	 */
	public Changes pending(int limit) {
		List<Changed> users = new ArrayList<>();
		this.jdbc.query(PENDING, (ResultSet rs) -> {
			Set<String> left = new HashSet<>();
			if (rs.getString(2) != null) {
				left.add("region:" + rs.getString(2));
			}
			if (rs.getString(3) != null) {
				left.add("org:" + rs.getString(3));
			}
			users.add(new Changed(rs.getString(1), null, null, left));
		}, limit + 1);
		return new Changes(users, List.of(), users.size() <= limit);
	}

	/**
	 * The users changed by a transaction the snapshot may not have seen (changed after
	 * {@code since}, by a transaction at or after the snapshot's oldest running one), the
	 * scopes they left since, and the ids erased since (as digests).
	 */
	public Changes changedAfter(Instant since, String oldestRunning, int limit) {
		List<Changed> users = new ArrayList<>();
		this.jdbc.query(CHANGED, (ResultSet rs) -> {
			Set<String> left = new HashSet<>();
			Array scopes = rs.getArray(4);
			if (scopes != null) {
				for (Object scope : (Object[]) scopes.getArray()) {
					left.add((String) scope);
				}
			}
			users.add(new Changed(rs.getString(1), rs.getString(2), rs.getString(3), left));
		}, timestamp(since), timestamp(since), oldestRunning, limit + 1);
		List<byte[]> erased = this.jdbc.queryForList(ERASED, byte[].class, timestamp(since), limit + 1);
		return new Changes(users, erased, users.size() <= limit && erased.size() <= limit);
	}

}
