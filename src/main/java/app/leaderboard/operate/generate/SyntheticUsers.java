package app.leaderboard.operate.generate;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

import org.springframework.stereotype.Service;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BulkCopy;

/**
 * Writes N synthetic users ({@link ActivityModel}) into PostgreSQL: users, their totals
 * on the current and previous boards, and the board sizes that match them, in one
 * transaction. Rows are drawn on a second thread while PostgreSQL takes the COPY on this
 * one, so both cores work. Users are drawn twice (once for their row, once for their
 * totals): cheaper than holding millions of rows until the users' COPY is done, and the
 * same both times since each user has its own random stream. The two producer threads and
 * their hand-over make the class longer than most; splitting them would spread one
 * transaction's steps over several classes.
 */
@Service
public class SyntheticUsers {

	/** Bytes of COPY text per chunk handed from the drawing thread to the loading one. */
	private static final int CHUNK = 1 << 20;

	/** Users per progress report. */
	private static final int STEP = 10_000;

	private final BulkCopy bulk;

	private final Periods periods;

	public SyntheticUsers(BulkCopy bulk, Periods periods) {
		this.bulk = bulk;
		this.periods = periods;
	}

	/** What a generation wrote; {@code members} are per board, current and previous. */
	public record Generated(long users, long periodTotals, Map<PeriodInstance, Long> members, long durationMs) {
	}

	/** Thrown when users exist and the caller did not ask to replace them. */
	public static final class NotEmptyException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		NotEmptyException(long users) {
			super("the database already holds " + users + " users; generate into an empty database or pass --replace");
		}

	}

	/**
	 * Generates users 1 to {@code count}.
	 * @param now the moment to generate for (the current and previous periods are those
	 * of this moment); {@code null} for the clock's
	 * @param replace delete every user, total, board size, outbox row and idempotency key
	 * first; otherwise the database must hold no users
	 * @param progress told of each batch of users written (twice per user: row, totals)
	 */
	public Generated generate(long count, long seed, Instant now, boolean replace, LongConsumer progress) {
		return generate(count, seed, now, replace, ScopeMix.NONE, progress);
	}

	/**
	 * Which regions and organisations generated users belong to: each user is in one of
	 * {@code regions} regions ({@code region-1} ..) when that is above 0, and a share
	 * {@code orgShare} of them in one of {@code orgs} organisations ({@code org-1} ..),
	 * picked by a hash of the user number and seed (the same seed, the same scopes).
	 */
	public record ScopeMix(int regions, int orgs, double orgShare) {

		public static final ScopeMix NONE = new ScopeMix(0, 0, 0);

		String region(long user, long seed) {
			return (this.regions > 0) ? "region-" + (1 + Math.floorMod(mix(user, seed), this.regions)) : null;
		}

		String org(long user, long seed) {
			long h = mix(user, seed ^ 0x5DEECE66DL);
			boolean member = this.orgs > 0 && Math.floorMod(h >>> 20, 10_000) < this.orgShare * 10_000;
			return member ? "org-" + (1 + Math.floorMod(h, this.orgs)) : null;
		}

		private static long mix(long user, long seed) {
			long z = user * 0x9E3779B97F4A7C15L + seed;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

	}

	public Generated generate(long count, long seed, Instant now, boolean replace, ScopeMix scopes,
			LongConsumer progress) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1");
		}
		long users = this.bulk.users();
		if (!replace && users > 0) {
			throw new NotEmptyException(users);
		}
		long started = System.nanoTime();
		ActivityModel model = new ActivityModel(seed, (now != null) ? now : this.periods.now(), this.periods);
		List<PeriodInstance> boards = model.boards();
		Map<PeriodInstance, long[]> shards = new LinkedHashMap<>();
		boards.forEach((board) -> shards.put(board, new long[BulkCopy.shards()]));
		long[] totals = { 0 };
		this.bulk.load(replace, (load) -> {
			BulkCopy.Stream userRows = load.users();
			pipe(count, progress, userRows,
					(user, text) -> text.append(user.userId())
						.append('\t')
						.append(user.version())
						.append('\t')
						.append(Instant.ofEpochSecond(user.createdAt()))
						.append('\t')
						.append(Instant.ofEpochSecond(user.updatedAt()))
						.append('\t')
						// changed_at: a generated user last changed when it was last
						// updated, not at load time (a rebuild re-applies users who
						// changed while it ran)
						.append(Instant.ofEpochSecond(user.updatedAt()))
						.append('\t')
						.append(copyText(scopes.region(number(user), seed)))
						.append('\t')
						.append(copyText(scopes.org(number(user), seed)))
						.append('\n'),
					model);
			userRows.finish();
			BulkCopy.Stream totalRows = load.periodTotals();
			pipe(count, progress, totalRows, (user, text) -> {
				int shard = BulkCopy.shard(user.userId());
				String region = scopes.region(number(user), seed);
				String org = scopes.org(number(user), seed);
				for (int b = 0; b < boards.size(); b++) {
					if (user.totals()[b] > 0) {
						PeriodInstance board = boards.get(b);
						text.append(board.period().id())
							.append('\t')
							.append(board.startDate())
							.append('\t')
							.append(user.userId())
							.append('\t')
							.append(user.totals()[b])
							.append('\t')
							.append(Instant.ofEpochSecond(user.reachedAt()[b]))
							.append('\t')
							.append(copyText(region))
							.append('\t')
							.append(copyText(org))
							.append('\n');
						shards.get(board)[shard]++;
						if (region != null) {
							shards.computeIfAbsent(board.in(Scope.region(region)),
									(k) -> new long[BulkCopy.shards()])[shard]++;
						}
						if (org != null) {
							shards.computeIfAbsent(board.in(Scope.org(org)),
									(k) -> new long[BulkCopy.shards()])[shard]++;
						}
						totals[0]++;
					}
				}
			}, model);
			totalRows.finish();
			load.boardSizes(shards);
		});
		Map<PeriodInstance, Long> members = new LinkedHashMap<>();
		shards.forEach((board, perShard) -> {
			if (board.scope().global()) {
				members.put(board, Arrays.stream(perShard).sum());
			}
		});
		return new Generated(count, totals[0], members, (System.nanoTime() - started) / 1_000_000);
	}

	private static long number(ActivityModel.User user) {
		return Long.parseLong(user.userId().substring("user-".length()));
	}

	/** COPY text's NULL. */
	private static String copyText(String value) {
		return (value != null) ? value : "\\N";
	}

	@FunctionalInterface
	private interface RowWriter {

		void write(ActivityModel.User user, StringBuilder text);

	}

	/** The end of the chunks. */
	private static final byte[] DONE = new byte[0];

	/** Draws users on a second thread into COPY text chunks; writes them on this one. */
	private static void pipe(long count, LongConsumer progress, BulkCopy.Stream stream, RowWriter writer,
			ActivityModel model) throws SQLException {
		BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(8);
		CompletableFuture<Void> drawing = CompletableFuture.runAsync(() -> {
			StringBuilder text = new StringBuilder(CHUNK + 4096);
			try {
				for (long number = 1; number <= count; number++) {
					writer.write(model.user(number), text);
					if (text.length() >= CHUNK) {
						chunks.put(text.toString().getBytes(StandardCharsets.UTF_8));
						text.setLength(0);
					}
					if (number % STEP == 0) {
						progress.accept(STEP);
					}
				}
				chunks.put(text.toString().getBytes(StandardCharsets.UTF_8));
				progress.accept(count % STEP);
				chunks.put(DONE);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			byte[] chunk;
			while ((chunk = take(chunks, drawing)) != DONE) {
				stream.write(chunk);
			}
			drawing.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("drawing users failed", ex.getCause());
		}
		finally {
			drawing.cancel(true);
		}
	}

	/** Takes the next chunk, or fails when the drawing thread died without one. */
	private static byte[] take(BlockingQueue<byte[]> chunks, CompletableFuture<Void> drawing)
			throws InterruptedException, ExecutionException {
		while (true) {
			byte[] chunk = chunks.poll(100, TimeUnit.MILLISECONDS);
			if (chunk != null) {
				return chunk;
			}
			if (drawing.isDone()) {
				drawing.get();
				chunk = chunks.poll();
				if (chunk == null) {
					throw new IllegalStateException("drawing users stopped early");
				}
				return chunk;
			}
		}
	}

}
