package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BoardChecksums;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.RebuildSnapshots;
import app.leaderboard.store.redis.board.RedisChecksums;

/**
 * The start-up and drift checks' comparison of Redis with PostgreSQL, by checksum
 * (docs/consistency.md, "Checksums"): per period instance Redis serves, its global board
 * and every region's and organisation's, the whole-board sums first (a lookup per board
 * in each store), then the buckets' sums of a board whose sum differs. A bucket that
 * differs where writes were in flight is compared again without those users (their totals
 * subtracted on both sides); one that still differs is drift, and its members are read
 * ({@link BucketVerification}). What it costs grows with the number of boards, not with
 * their members.
 * <p>
 * Writes in flight are told apart from drift ({@link InFlight}): the reads go PostgreSQL
 * snapshot first, then the outbox's waiting users, then Redis, and last the users changed
 * since the snapshot; a bucket's members other than those must be equal on both sides.
 */
@Component
class ChecksumCompare {

	private static final Logger log = LoggerFactory.getLogger(ChecksumCompare.class);

	/**
	 * Buckets read member by member per board and check, at most: enough to tell drift
	 * from a checksum that is off; the rebuild that follows repairs the rest.
	 */
	static final int BUCKETS_READ = 4;

	private final BoardChecksums postgres;

	private final RedisChecksums redis;

	private final BoardQueries queries;

	private final RebuildSnapshots snapshots;

	private final BucketVerification buckets;

	private final Counter bucketMembers;

	ChecksumCompare(BoardChecksums postgres, RedisChecksums redis, BoardQueries queries, RebuildSnapshots snapshots,
			BucketVerification buckets, MeterRegistry registry) {
		this.postgres = postgres;
		this.redis = redis;
		this.queries = queries;
		this.snapshots = snapshots;
		this.buckets = buckets;
		this.bucketMembers = membersRead(registry, "bucket");
	}

	static Counter membersRead(MeterRegistry registry, String how) {
		return Counter.builder("leaderboard.cache.check.members")
			.description("Board members the start-up and drift checks read: in buckets whose checksums differ, "
					+ "or in samples")
			.tag("how", how)
			.register(registry);
	}

	/** Members read so far in differing buckets (tests, and the metric). */
	long bucketMembersRead() {
		return (long) this.bucketMembers.count();
	}

	/** One check's reads of every board, in the order that tells drift apart. */
	private record Reads(RebuildSnapshots.Snapshot snapshot, BoardChecksums.Changes pending,
			Map<PeriodInstance, RedisChecksums.Summary> cached, Map<PeriodInstance, Map<Integer, Long>> postgresBuckets,
			Map<PeriodInstance, RedisChecksums.Summary> cachedBuckets, InFlight inFlight) {
	}

	/**
	 * Compares the boards of these period instances by checksum: each one's global board
	 * and its boards in these scopes. One snapshot, one read of the outbox and of what
	 * changed, and one pipeline to Redis serve all of them: a user in flight is in flight
	 * on every period's boards alike.
	 */
	Map<PeriodInstance, BoardVerdict> compare(List<PeriodInstance> globals, List<Scope> scopes) {
		RebuildSnapshots.Snapshot snapshot = this.snapshots.snapshot();
		List<Scope> all = new ArrayList<>();
		all.add(Scope.GLOBAL);
		all.addAll(scopes);
		List<PeriodInstance> boards = new ArrayList<>();
		Map<PeriodInstance, Long> sums = new HashMap<>();
		for (PeriodInstance global : globals) {
			this.postgres.boardSums(global, all).forEach((scope, sum) -> sums.put(global.in(scope), sum));
			all.forEach((scope) -> boards.add(global.in(scope)));
		}
		BoardChecksums.Changes pending = this.postgres.pending(InFlight.LIMIT);
		// Redis from here on: every change committed before the snapshot is in it or
		// pending
		Map<PeriodInstance, RedisChecksums.Summary> cached = this.redis.summaries(boards, false);
		List<PeriodInstance> differing = boards.stream().filter((board) -> {
			RedisChecksums.Summary summary = cached.get(board);
			return summary.loaded() && !summary.building() && summary.selfConsistent()
					&& summary.sum() != sums.get(board);
		}).toList();
		Map<PeriodInstance, Map<Integer, Long>> postgresBuckets = new HashMap<>();
		differing.forEach((board) -> postgresBuckets.put(board, this.postgres.bucketSums(board)));
		Map<PeriodInstance, RedisChecksums.Summary> cachedBuckets = differing.isEmpty() ? Map.of()
				: this.redis.summaries(differing, true);
		Reads reads = new Reads(snapshot, pending, cached, postgresBuckets, cachedBuckets,
				InFlight.since(this.postgres, snapshot, pending));

		Map<PeriodInstance, BoardVerdict> verdicts = new LinkedHashMap<>();
		for (PeriodInstance board : boards) {
			RedisChecksums.Summary summary = cached.get(board);
			// PostgreSQL's member counts only for the log of a board that does not match
			BoardVerdict verdict = BoardVerdict.of(summary, -1);
			if (verdict == null) {
				verdict = (summary.sum() == sums.get(board)) ? BoardVerdict.matches(summary.members())
						: buckets(board, reads);
			}
			verdicts.put(board, verdict);
		}
		for (PeriodInstance global : globals) {
			if (verdicts.entrySet()
				.stream()
				.anyMatch((e) -> e.getKey().global().equals(global) && e.getValue().postgresMembers() < 0)) {
				Map<Scope, Long> sizes = new HashMap<>(this.queries.scopedMembers(global));
				sizes.put(Scope.GLOBAL, this.queries.members(global));
				verdicts
					.replaceAll((board, verdict) -> (!board.global().equals(global) || verdict.postgresMembers() >= 0)
							? verdict : verdict.withPostgresMembers(sizes.getOrDefault(board.scope(), 0L)));
			}
		}
		return verdicts;
	}

	/**
	 * A board whose sum differs: by bucket, then the members of a bucket that differs.
	 */
	private BoardVerdict buckets(PeriodInstance board, Reads reads) {
		RedisChecksums.Summary cached = reads.cachedBuckets().get(board);
		if (!reads.inFlight().complete() || !cached.loaded() || cached.building()) {
			return BoardVerdict.unsettled(-1, cached.members(), 0, "too much in flight, or a rebuild began");
		}
		if (!cached.selfConsistent()) {
			return BoardVerdict.differs(-1, cached.members(), 0, 1, "its checksum disagrees with itself");
		}
		Map<Integer, Long> buckets = new HashMap<>(reads.postgresBuckets().get(board));
		long whole = buckets.getOrDefault(-1, 0L);
		buckets.remove(-1);
		if (whole != buckets.values().stream().mapToLong(Long::longValue).sum()) {
			log.error("PostgreSQL's checksum of the {} board disagrees with its own buckets; "
					+ "the board_checksums table needs counting afresh (docs/operations.md)", board.id());
			return BoardVerdict.unsettled(-1, cached.members(), 0, "PostgreSQL's checksum is off");
		}
		List<Integer> drifted = new ArrayList<>();
		boolean unsettled = false;
		Set<Integer> all = new TreeSet<>(buckets.keySet());
		all.addAll(cached.buckets().keySet());
		// bounded per board: a board where many buckets differ (a whole board lost) costs
		// what one with a few does
		int recompared = 0;
		for (int bucket : all) {
			if (drifted.size() >= BUCKETS_READ) {
				break;
			}
			if (buckets.getOrDefault(bucket, 0L).equals(cached.buckets().getOrDefault(bucket, 0L))) {
				continue;
			}
			Boolean differs = Boolean.TRUE;
			if (reads.inFlight().touches(board, bucket)) {
				if (recompared++ >= BUCKETS_READ) {
					unsettled = true;
					continue;
				}
				differs = withoutInFlight(board, bucket, reads);
			}
			unsettled |= differs == null;
			if (Boolean.TRUE.equals(differs)) {
				drifted.add(bucket);
			}
		}
		if (drifted.isEmpty()) {
			return unsettled ? BoardVerdict.unsettled(-1, cached.members(), 0, "writes in flight")
					: BoardVerdict.matches(cached.members());
		}
		return members(board, drifted, reads, cached.members());
	}

	/**
	 * Compares a bucket where writes were in flight once more, the users in flight left
	 * out on both sides: PostgreSQL's sum and their totals in one snapshot, Redis's sum
	 * and their totals in one script, then what is in flight now. True: it differs beyond
	 * them; false: it does not; null: someone else came in flight there meanwhile, or an
	 * id erased meanwhile is in it (its id is gone), so nothing can be said this time.
	 */
	private Boolean withoutInFlight(PeriodInstance board, int bucket, Reads reads) {
		if (reads.inFlight().erasedIn(board, bucket)) {
			return null;
		}
		List<String> users = reads.inFlight().users(board, bucket);
		BoardChecksums.Bucket truth = this.postgres.bucket(board, bucket, users);
		RedisChecksums.Bucket cached = this.redis.bucket(board, bucket, users);
		InFlight now = InFlight.since(this.postgres, reads.snapshot(), reads.pending());
		if (!now.complete() || now.erasedIn(board, bucket) || !users.containsAll(now.users(board, bucket))) {
			return null;
		}
		return truth.sum() - BucketVerification.sum(truth.totals()) != cached.sum()
				- BucketVerification.sum(cached.totals());
	}

	/** Reads the members of the buckets that differ, and says how many differ. */
	private BoardVerdict members(PeriodInstance board, List<Integer> drifted, Reads reads, long redisMembers) {
		long read = 0;
		long off = 0;
		boolean extra = false;
		boolean unsettled = false;
		for (int bucket : drifted) {
			BucketVerification.Result result = this.buckets.verify(board, bucket, reads.inFlight(),
					() -> InFlight.since(this.postgres, reads.snapshot(), reads.pending()));
			read += result.read();
			this.bucketMembers.increment(result.read());
			if (!result.postgresConsistent()) {
				log.error(
						"PostgreSQL's checksum of bucket {} of the {} board disagrees with its rows; "
								+ "the board_checksums table needs counting afresh (docs/operations.md)",
						bucket, board.id());
			}
			unsettled |= !result.settled();
			off += result.differing();
			extra |= result.extra();
			if (off > 0 || extra) {
				// the board differs: its rebuild repairs the rest, no need to read
				// further
				// buckets (each is a walk of the board's index range in PostgreSQL)
				break;
			}
		}
		if (off > 0 || extra) {
			return BoardVerdict.differs(-1, redisMembers, read, off + (extra ? 1 : 0), off + " of " + read
					+ " members read differ" + (extra ? ", and Redis holds members PostgreSQL has not" : ""));
		}
		return BoardVerdict.unsettled(-1, redisMembers, read, unsettled ? "writes in flight" : "no member differs now");
	}

}
