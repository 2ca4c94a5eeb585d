package app.leaderboard.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.BoardChecksums;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.ReadDatabase;
import app.leaderboard.store.postgres.RebuildSnapshots;
import app.leaderboard.store.redis.board.RedisInspection;

/**
 * The drift and start-up checks' samples of members (ZRANDMEMBER, then their totals in
 * PostgreSQL), beside the checksums ({@link ChecksumCompare}): a member changed in Redis
 * by hand, not by the service's scripts, leaves the board's checksum as it was, and only
 * a sample can see that. A member whose write was in flight while it was read is left out
 * ({@link InFlight}: the snapshot, then the outbox's waiting users, then Redis, then
 * PostgreSQL's totals, and last the users changed since the snapshot). The totals may be
 * read on a replica that is in step ({@link ReadDatabase}): it holds at least what the
 * primary held when the read began, so every write that Redis already had.
 */
@Component
class MemberSamples {

	/** Members a sample compares per board. */
	static final int SAMPLE = DriftCheck.SAMPLE;

	private final BoardChecksums postgres;

	private final BoardQueries queries;

	private final RebuildSnapshots snapshots;

	private final RedisInspection redis;

	private final ReadDatabase database;

	private final Counter sampled;

	/** Runs between a sample's two reads: where tests hold it. */
	private volatile Consumer<Map<PeriodInstance, Map<String, Long>>> between = (samples) -> {
	};

	MemberSamples(BoardChecksums postgres, BoardQueries queries, RebuildSnapshots snapshots, RedisInspection redis,
			ReadDatabase database, MeterRegistry registry) {
		this.database = database;
		this.postgres = postgres;
		this.queries = queries;
		this.snapshots = snapshots;
		this.redis = redis;
		this.sampled = ChecksumCompare.membersRead(registry, "sample");
	}

	/**
	 * The members of a sample of each of these boards that differ between the stores with
	 * nothing in flight to explain it; a board Redis does not have is not sampled.
	 */
	Map<PeriodInstance, Long> differing(Collection<PeriodInstance> boards) {
		RebuildSnapshots.Snapshot snapshot = this.snapshots.snapshot();
		BoardChecksums.Changes pending = this.postgres.pending(InFlight.LIMIT);
		Map<PeriodInstance, Map<String, Long>> samples = new HashMap<>();
		for (PeriodInstance board : boards) {
			samples.put(board, this.redis.sample(board, SAMPLE));
		}
		this.between.accept(samples);
		Map<PeriodInstance, Map<String, Long>> truths = new HashMap<>();
		// an empty board has nothing to sample: no query for it
		samples.forEach((board, sample) -> truths.put(board,
				sample.isEmpty() ? Map.of() : this.database.read(() -> this.queries.totals(board, sample.keySet()))));
		InFlight inFlight = InFlight.since(this.postgres, snapshot, pending);
		Map<PeriodInstance, Long> differing = new HashMap<>();
		samples.forEach((board, sample) -> {
			this.sampled.increment(sample.size());
			Map<String, Long> truth = truths.get(board);
			long off = sample.entrySet()
				.stream()
				.filter((member) -> !Objects.equals(member.getValue(), truth.get(member.getKey())))
				.filter((member) -> !inFlight.covers(board, member.getKey()))
				.count();
			differing.put(board, inFlight.complete() ? off : 0);
		});
		return differing;
	}

	/** Runs {@code hook} between reading the samples from Redis and their totals. */
	void onSampled(Consumer<Map<PeriodInstance, Map<String, Long>>> hook) {
		this.between = hook;
	}

}
