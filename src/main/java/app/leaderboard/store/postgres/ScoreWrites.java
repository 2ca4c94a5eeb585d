package app.leaderboard.store.postgres;

import static app.leaderboard.store.postgres.SqlValues.instant;
import static app.leaderboard.store.postgres.SqlValues.timestamp;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.core.UserScores;

/**
 * The writes: an update's idempotency key (its totals, scopes, board sizes and outbox row
 * are {@link ScopedUpdates}'), forgetting old keys, and a reset, which empties one board.
 * PostgreSQL is the source of truth, and everything Redis holds can be rebuilt from these
 * tables.
 */
@Repository
public class ScoreWrites {

	/** Board sizes are spread over this many rows per board; see V1__leaderboard.sql. */
	static final int SIZE_SHARDS = 16;

	private static final String CLAIM_KEY = "insert into idempotency_keys (key, request_hash, user_id, created_at) "
			+ "values (?, ?, ?, ?) on conflict (key) do nothing";

	private static final String KEY_HASH = "select request_hash from idempotency_keys where key = ?";

	private static final String FORGET_KEYS = "delete from idempotency_keys where created_at < ?";

	private static final String RESET_TIMEOUT = "set local statement_timeout = '10min'";

	private static final String RESET_SIZES = "delete from board_sizes where period = ? and period_start = ?";

	private static final String RESET_TOTALS = "delete from period_totals where period = ? and period_start = ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public ScoreWrites(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	public TransactionTemplate transactions() {
		return this.transactions;
	}

	/**
	 * Bounds how long the current transaction's statements may wait on PostgreSQL. The
	 * pool's socket timeout (30 s) suits rebuilds and relays, but an update must answer
	 * 503 within seconds when PostgreSQL hangs or the network drops packets (a refused or
	 * reset connection fails at once anyway). The pool restores the default when the
	 * connection returns to it. A wait that ends during COMMIT leaves the outcome unknown
	 * to the client; an Idempotency-Key makes the retry safe.
	 */
	public void limitNetworkWait(Duration wait) {
		this.jdbc.execute((ConnectionCallback<Void>) (con) -> {
			con.setNetworkTimeout(Runnable::run, (int) wait.toMillis());
			return null;
		});
	}

	/**
	 * Claims an idempotency key (call inside a transaction). Empty when the key is new;
	 * otherwise the request hash it was first used with. A concurrent first use of the
	 * same key waits here until the other transaction ends.
	 */
	public Optional<String> claimIdempotencyKey(String key, String requestHash, String userId, Instant now) {
		int inserted = this.jdbc.update(CLAIM_KEY, key, requestHash, userId, timestamp(now));
		if (inserted == 1) {
			return Optional.empty();
		}
		return Optional.of(this.jdbc.queryForObject(KEY_HASH, String.class, key));
	}

	public int forgetIdempotencyKeys(Instant before) {
		return this.jdbc.update(FORGET_KEYS, timestamp(before));
	}

	/**
	 * A user's board-size row; the bulk load spreads its users the same way, and group
	 * commit gives each shard to one committer.
	 */
	public static int shard(String userId) {
		return Math.floorMod(userId.hashCode(), SIZE_SHARDS);
	}

	/**
	 * Sets every user's count of one period instance to 0 (the rows go; past periods
	 * stay).
	 */
	public int reset(PeriodInstance instance) {
		Integer removed = this.transactions.execute((status) -> {
			// a yearly board can hold millions of rows: this statement may take minutes
			limitNetworkWait(Duration.ofMinutes(15));
			this.jdbc.execute(RESET_TIMEOUT);
			this.jdbc.update(RESET_SIZES, instance.period().id(), instance.startDate());
			return this.jdbc.update(RESET_TOTALS, instance.period().id(), instance.startDate());
		});
		return (removed != null) ? removed : 0;
	}

}
