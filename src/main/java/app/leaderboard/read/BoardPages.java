package app.leaderboard.read;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Service;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.http.JsonBody;
import app.leaderboard.store.redis.board.RedisGenerations;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * The body of a board read, from the {@link NearCache} when it holds the page under the
 * generations Redis has now (one command), else read as {@link BoardReader} reads it and
 * kept for the next read. The order is what makes a kept page current: the generations
 * are read first, the page after, so the page shows at least what they stand for; every
 * change deletes or replaces one of them before it is acknowledged, and writers make new
 * ones only with new random values, so a read that starts after the acknowledgement never
 * finds the generation of a page kept before. A read only reads them: without one (not
 * made yet, or lost with Redis) the page is read as without a near cache. Without an
 * answer from Redis nothing kept is served: the read goes the way of every read then (the
 * PostgreSQL fallback, or 503). Only the current boards' pages are kept: a board that
 * ended is read as before, so that what Redis holds for it (a repair of the boards that
 * just ended works on that) shows at once.
 */
@Service
public class BoardPages {

	private final BoardReader reader;

	private final NearCache near;

	private final RedisGenerations generations;

	private final JsonMapper json;

	private final CacheStats stats;

	private final Clock clock;

	BoardPages(BoardReader reader, NearCache near, RedisGenerations generations, JsonMapper json, CacheStats stats,
			Clock clock) {
		this.reader = reader;
		this.near = near;
		this.generations = generations;
		this.json = json;
		this.stats = stats;
		this.clock = clock;
	}

	/** A page of any board (past ones too), as JSON bytes. */
	public Sourced<JsonBody<BoardPage>> page(PeriodInstance board, int limit, long offset) {
		// only the current boards' pages are kept: a board that ended is read as before
		// (from Redis while it keeps it, else PostgreSQL), with no generation asked for,
		// so that what Redis holds for it now is what the read shows
		if (!this.near.keeps(offset) || !current(board)) {
			return encoded(this.reader.board(board, limit, offset));
		}
		String generation;
		try {
			generation = this.generations.read(board);
		}
		catch (RedisUnavailableException ex) {
			// Redis did not answer in time (or its breaker is open): asking it for the
			// page too would make a read wait out two timeouts while it hangs
			this.near.missed();
			return encoded(this.reader.boardWithoutRedis(board, limit, offset));
		}
		if (generation == null) {
			// no generation to keep the page under (the board or the names changed and no
			// writer made a new one yet, or Redis lost it): read as without a near cache,
			// and add nothing to Redis: a read never makes a generation
			this.near.missed();
			return encoded(this.reader.board(board, limit, offset));
		}
		NearCache.Key key = NearCache.key(board, limit, offset);
		byte[] kept = this.near.get(key, generation);
		if (kept != null) {
			this.stats.hit();
			return new Sourced<>(new JsonBody<>(kept), Source.REDIS);
		}
		EntryNames.Named read = this.reader.namedBoard(board, limit, offset);
		Sourced<JsonBody<BoardPage>> body = encoded(read.page());
		// a page from PostgreSQL, or with names PostgreSQL could not give, is not kept
		if (read.page().source() == Source.REDIS && read.complete()) {
			this.near.put(key, generation, body.value().bytes());
		}
		return body;
	}

	/**
	 * Whether the board is the current one of its period (any scope): the instance that
	 * holds now, by the clock every read picks its board with.
	 */
	private boolean current(PeriodInstance board) {
		Instant now = this.clock.instant();
		return !now.isBefore(board.start()) && now.isBefore(board.end());
	}

	private Sourced<JsonBody<BoardPage>> encoded(Sourced<BoardPage> read) {
		return new Sourced<>(new JsonBody<>(this.json.writeValueAsBytes(read.value())), read.source());
	}

}
